package org.profid365.migrator.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.TestInfo;
import org.profid365.migrator.App;

/**
 * The migrator's command line in a JVM of its own (this JVM's class path, main class {@link App}), as an operator
 * runs it, so a test can kill it with SIGKILL ({@link Process#destroyForcibly()}) at a moment of its choosing: no
 * shutdown hook, no finally block, no rollback runs in it. Its stdout and stderr go to a log file.
 */
final class ChildMigrator {

    private final Process process;
    private final Path log;

    private ChildMigrator(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with {@code settings} as {@code -Dkey=value} options; none come from the environment. */
    /** Where a test keeps its child processes' output (kept after the run, for a look when it fails). */
    static Path logDir(Class<?> testClass, TestInfo test) throws IOException {
        return Files.createDirectories(Path.of("target", "child-logs", testClass.getSimpleName(),
                test.getTestMethod().orElseThrow().getName()));
    }

    static ChildMigrator start(Map<String, String> settings, Path log, String... command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a small, quick-starting JVM: the load it runs is small
        cmd.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), App.class.getName()));
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MIGRATOR_") || k.startsWith("DATAVERSE_")
                || k.startsWith("PROFI_"));
        return new ChildMigrator(pb.start(), log);
    }

    /** SIGKILL, and wait until the process is gone (its database connections drop with it). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing the migrator", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process id: the ledger records it with the run the process opened. */
    long pid() {
        return process.pid();
    }

    /** The exit code, once the process has ended by itself within {@code timeout}. */
    int exitCode(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("the migrator did not end within " + timeout + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until {@code condition} holds, failing when the process ends first or {@code timeout} passes. */
    void awaitWhileRunning(String what, BooleanSupplier condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the migrator ended (exit " + process.exitValue() + ") before " + what
                        + "; its output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000); // polling interval
        }
    }
}
