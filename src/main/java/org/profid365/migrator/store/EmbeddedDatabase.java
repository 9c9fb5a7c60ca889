package org.profid365.migrator.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.profid365.migrator.config.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server of our own, its cluster kept under {@code <work dir>/pg} between runs.
 *
 * <p>One migrator process owns a work directory at a time: an OS file lock on {@code <work dir>/migrator.lock}
 * makes a second process fail with a clear message instead of starting a second postmaster on the same
 * cluster. A server left running by a process that was killed (kill -9 does not run shutdown hooks) is
 * stopped before ours starts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final RandomAccessFile lockFile;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedDatabase(RandomAccessFile lockFile, FileLock lock, EmbeddedPostgres postgres) {
        this.lockFile = lockFile;
        this.lock = lock;
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path workDir) {
        Path dataDir = workDir.resolve("pg").toAbsolutePath();
        RandomAccessFile file = null;
        FileLock lock = null;
        try {
            Files.createDirectories(workDir);
            Path lockPath = workDir.resolve("migrator.lock");
            file = new RandomAccessFile(lockPath.toFile(), "rw");
            lock = tryLock(file.getChannel());
            if (lock == null) {
                String owner = Files.readString(lockPath, StandardCharsets.UTF_8).trim();
                throw new ConfigurationException("The work directory " + workDir.toAbsolutePath()
                        + " is in use by another migrator process" + (owner.isEmpty() ? "" : " (" + owner + ")")
                        + ". Stop it first, or give this process its own MIGRATOR_WORK_DIR, or point both at one "
                        + "PostgreSQL server with MIGRATOR_DB_URL.");
            }
            file.setLength(0);
            file.write(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
            stopOrphanedServer(dataDir);
            LOG.info("Starting embedded PostgreSQL with its data in {}", dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    // the library's default is off, made for throwaway test servers: a machine crash could then
                    // lose commits already acknowledged, a write-ahead row among them, and with it the only trace
                    // of a create that reached Dynamics. The load commits twice per batch, so this costs little.
                    .setServerConfig("synchronous_commit", "on")
                    .setDataDirectory(dataDir.toFile())
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // our own hook instead of the library's: close() is then the one way the server stops, and a
                    // second caller (a test's clean-up hook) waits until it has stopped instead of racing it
                    .setRegisterShutdownHook(false)
                    .start();
            EmbeddedDatabase db = new EmbeddedDatabase(file, lock, pg);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
            return db;
        } catch (ConfigurationException e) {
            closeQuietly(file);
            throw e;
        } catch (IOException | RuntimeException e) {
            releaseQuietly(lock);
            closeQuietly(file);
            throw new ConfigurationException("Embedded PostgreSQL could not start in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    /** A postmaster.pid whose process still runs while nobody holds our lock belongs to a killed migrator. */
    private static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        if (server.isEmpty() || !server.get().isAlive()) {
            return; // a stale file: PostgreSQL removes it itself on start
        }
        LOG.warn("Stopping the embedded PostgreSQL (pid {}) left running by a migrator process that did not exit cleanly", pid);
        server.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, its clients are already gone
        try {
            server.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the PostgreSQL server left running (pid " + pid + ") did not stop within 60 s", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** Stops the server; idempotent, and a second caller returns only once the first has stopped it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            releaseQuietly(lock);
            closeQuietly(lockFile);
        }
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the file releases it too
        }
    }

    private static void closeQuietly(RandomAccessFile f) {
        try {
            if (f != null) {
                f.close();
            }
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
