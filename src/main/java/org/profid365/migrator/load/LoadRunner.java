package org.profid365.migrator.load;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.dataverse.AppUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages of a load, called by the YAML routes {@code load-<stage>}: a stage's pending records are claimed
 * in batches by {@code migrator.load.workers} workers (FOR UPDATE SKIP LOCKED, so other instances on the same
 * database share the work) and each batch goes through the route {@code load-batch}. A stage ends when nothing of
 * its types is left pending; the route {@code migrate-full} lists the stages in load order.
 */
public final class LoadRunner implements MigrationRunMBean {

    private static final Logger LOG = LoggerFactory.getLogger(LoadRunner.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long STAGE_BARRIER_POLL_MS = 200;

    private final LoadContext load;
    private final int workers;
    private final int batchSize;
    private final LoadProgress progress = new LoadProgress();
    /** Batches this process's workers hold right now (claimed, outcome not yet committed). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile long runId;
    private volatile String kind = "full";
    private volatile String status = "not started";
    /** A sample run claims only its own records (run_sample); null: every pending record. */
    private volatile Long sampleRun;
    private ObjectName mbeanName;
    private ProgressPrinter printer;

    public LoadRunner(LoadContext load) {
        this.load = load;
        this.workers = load.migrator().config().getInt("migrator.load.workers", 4);
        this.batchSize = load.migrator().config().getInt("migrator.load.batch-size", 500);
        if (workers < 1 || batchSize < 1) {
            throw new ConfigurationException("migrator.load.workers and migrator.load.batch-size must be at least 1");
        }
        int pool = load.migrator().config().getInt("migrator.db.pool-size", 12);
        if (pool < 2 * workers + 2) {
            // each worker holds its batch's transaction and briefly a second connection for the write-ahead
            throw new ConfigurationException("migrator.db.pool-size (" + pool + ") must be at least 2 x migrator.load.workers"
                    + " + 2 = " + (2 * workers + 2));
        }
    }

    public LoadProgress progress() {
        return progress;
    }

    /** Opens the run in the ledger (marking runs of dead processes on this host interrupted) and shows it over JMX. */
    public long begin(String runKind, String detail) throws SQLException {
        this.kind = runKind;
        markInterrupted();
        runId = load.migrator().ledger().start(load.migrator().migration().id(), runKind, detail);
        status = "running";
        register();
        printer = ProgressPrinter.start(progress);
        return runId;
    }

    /**
     * Closes the run in the ledger with its per-stage counters, and marks interrupted the runs of processes of this
     * host that died while it ran: another instance killed mid-run, whose released records this run has taken over.
     */
    public void finish(String finalStatus) throws SQLException {
        status = finalStatus;
        if (printer != null) {
            printer.close();
        }
        load.migrator().ledger().finish(runId, finalStatus, progress.counters());
        // begin() saw only the processes dead before this run; a peer that died since would stay 'running' until the next command
        markInterrupted();
        unregister();
    }

    /**
     * Runs the stages under a run the caller opened in the ledger and will close itself (a delta, whose watermark
     * commits with the run's row): shows it over JMX and on the console, nothing more.
     */
    public void join(long existingRunId, String runKind) throws SQLException {
        this.kind = runKind;
        markInterrupted();
        runId = existingRunId;
        status = "running";
        register();
        printer = ProgressPrinter.start(progress);
    }

    /** Ends what {@link #join} started; the caller closes the run in the ledger. */
    public void leave(String finalStatus) {
        status = finalStatus;
        if (printer != null) {
            printer.close();
        }
        unregister();
    }

    public long runId() {
        return runId;
    }

    /** From now on the stages claim only the records of sample run {@code sampleRunId} (table run_sample). */
    public void restrictToSample(long sampleRunId) {
        this.sampleRun = sampleRunId;
    }

    /** Loads every pending record of one stage (the route {@code load-<stage>} sets the header {@code stage}). */
    public void runStage(String stageName, Exchange exchange) throws Exception {
        LoadStage stage = LoadStage.byName(stageName).orElseThrow(() -> new IllegalArgumentException(
                "'" + stageName + "' is not a load stage (stages: " + List.of(LoadStage.values()) + ")"));
        if (runId == 0) {
            throw new IllegalStateException("no load run is open: start one with migrate, not by calling the route");
        }
        load.refreshMatches();
        progress.startStage(stage, pending(stage));
        LOG.info("Stage {}: {} records pending", stage.stageName(), progress.stage(stage).total());
        ProducerTemplate template = exchange.getContext().createProducerTemplate();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "load-worker-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(() -> {
                    work(stage, template);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            template.stop();
            progress.finishStage(stage);
            if (printer != null) {
                printer.stageDone(stage);
            }
        }
    }

    private void work(LoadStage stage, ProducerTemplate template) throws Exception {
        while (true) {
            awaitResume();
            try (Connection c = load.migrator().store().connection()) {
                c.setAutoCommit(false);
                try {
                    List<StagedItem> items = load.staged().claim(c, stage.objectTypes(), batchSize, sampleRun);
                    if (items.isEmpty()) {
                        c.rollback();
                        // Nothing claimable, but records other workers or instances hold may still be pending: the
                        // next stage points at them, so wait until they are settled (or their claim dies with its
                        // connection, and they can be claimed here). While a worker of this process holds a batch
                        // there is no need to ask the database.
                        if (inFlight.get() == 0 && !anyPending(stage)) {
                            return;
                        }
                        Thread.sleep(STAGE_BARRIER_POLL_MS);
                        continue;
                    }
                    LoadBatch batch = new LoadBatch(runId, stage, c, items);
                    inFlight.incrementAndGet();
                    try {
                        template.sendBody("direct:load-batch", batch);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                } finally {
                    if (!c.getAutoCommit()) {
                        c.rollback(); // after a commit this is a no-op; after a failure it releases the claim
                    }
                }
            }
        }
    }

    /**
     * Whether any record of the stage is still pending. Asked like the claim (one type at a time, the first row in id
     * order off the partial index, without locking), which passes over the entries of the records loaded so far
     * quickly; an exists or count over every type at once was planned as a scan of them all (200 ms at 200k records).
     */
    private boolean anyPending(LoadStage stage) throws SQLException {
        Long sample = sampleRun;
        try (Connection c = load.migrator().store().connection(); PreparedStatement ps = c.prepareStatement(
                "select staged_id from staged_load where migration_id = ? and object_type = ? and load_state = 'pending'"
                        + (sample == null ? "" : " and staged_id in (select staged_id from run_sample where run_id = ?)")
                        + " order by staged_id limit 1")) {
            for (String type : stage.objectTypes()) {
                ps.setLong(1, load.migrator().migration().id());
                ps.setString(2, type);
                if (sample != null) {
                    ps.setLong(3, sample);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private long pending(LoadStage stage) throws SQLException {
        Long sample = sampleRun;
        try (Connection c = load.migrator().store().connection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from staged_load where migration_id = ? and object_type = any(?) and load_state = 'pending'"
                        + (sample == null ? "" : " and staged_id in (select staged_id from run_sample where run_id = ?)"))) {
            ps.setLong(1, load.migrator().migration().id());
            ps.setArray(2, c.createArrayOf("text", stage.objectTypes().toArray()));
            if (sample != null) {
                ps.setLong(3, sample);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs left 'running' by a process of this host that no longer exists were interrupted (kill -9, power loss). */
    private void markInterrupted() throws SQLException {
        List<Long> dead = load.migrator().ledger().markInterrupted(load.migrator().migration().id());
        if (!dead.isEmpty()) {
            LOG.info("Runs {} were interrupted (their process is gone); this run resumes or has taken over their work", dead);
        }
    }

    private void awaitResume() throws InterruptedException {
        synchronized (pauseLock) {
            while (paused) {
                pauseLock.wait();
            }
        }
    }

    private void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            mbeanName = new ObjectName("org.profid365.migrator:type=MigrationRun,name=" + runId);
            // a StandardMBean wrapper: the class name need not be <interface name minus MBean>
            server.registerMBean(new javax.management.StandardMBean(this, MigrationRunMBean.class), mbeanName);
        } catch (Exception e) {
            LOG.warn("The MigrationRun MBean could not be registered: {}", e.toString());
            mbeanName = null;
        }
    }

    private void unregister() {
        if (mbeanName == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
        } catch (Exception e) {
            LOG.debug("MigrationRun MBean already gone: {}", e.toString());
        }
        mbeanName = null;
    }

    // ---- MigrationRunMBean ---------------------------------------------------------------------------------

    @Override
    public long getRunId() {
        return runId;
    }

    @Override
    public String getKind() {
        return kind;
    }

    @Override
    public String getStatus() {
        return paused ? "paused" : status;
    }

    @Override
    public String getCurrentStage() {
        LoadStage s = progress.current();
        return s == null ? "" : s.stageName();
    }

    @Override
    public long getCurrentStageDone() {
        LoadStage s = progress.current();
        return s == null ? 0 : progress.stage(s).done();
    }

    @Override
    public long getCurrentStageTotal() {
        LoadStage s = progress.current();
        return s == null ? 0 : progress.stage(s).total();
    }

    @Override
    public double getCurrentStageRecordsPerSecond() {
        LoadStage s = progress.current();
        return s == null ? 0 : progress.stage(s).rate();
    }

    @Override
    public long getCurrentStageEtaSeconds() {
        LoadStage s = progress.current();
        java.time.Duration eta = s == null ? null : progress.stage(s).eta();
        return eta == null ? -1 : eta.toSeconds();
    }

    @Override
    public long getLanded() {
        return progress.landed();
    }

    @Override
    public long getRejected() {
        return progress.rejected();
    }

    @Override
    public String[] getStages() {
        List<String> out = new ArrayList<>();
        for (LoadStage s : LoadStage.values()) {
            if (progress.stage(s).started()) {
                out.add(progress.line(s));
            }
        }
        return out.toArray(String[]::new);
    }

    @Override
    public long getThrottledCount() {
        return load.dataverse().users().users().stream().mapToLong(u -> u.budget().throttledCount()).sum();
    }

    @Override
    public int getInFlight() {
        return load.dataverse().users().users().stream().mapToInt(u -> u.budget().inFlight()).sum();
    }

    @Override
    public int getConcurrencyLimit() {
        return load.dataverse().users().users().stream().map(AppUser::budget).mapToInt(b -> b.limit()).sum();
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void pause() {
        paused = true;
        LOG.info("Run {} paused: workers stop after their current batch", runId);
    }

    @Override
    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
        LOG.info("Run {} resumed", runId);
    }
}
