package org.profid365.migrator.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadHistory;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.load.TableWriter;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.sim.ExportFolders;
import org.profid365.migrator.sim.ExportGenerator;
import org.profid365.migrator.sim.GeneratedCounts;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

/**
 * The load benchmarks of {@code bench}: a generated export staged into a fresh embedded PostgreSQL (timed on its
 * own), then loaded through the real routes, mapper, Dataverse client and audit into a new simulated org per load.
 * It prints figures and asserts nothing: speed is measured here, never in tests.
 */
public final class LoadBench {

    /** What can be measured; {@code all} runs them in this order. */
    public enum Scenario {
        /** Bulk load at zero latency, no limits: how fast the migrator itself is. */
        E2E,
        /** The same export one request per record, in the same run: the ratio bulk / naive. */
        NAIVE,
        /** Bulk load under time-scaled service-protection limits: the share of the budget used, early retries. */
        LIMITS,
        /** A 2,000,000-record export: peak heap and total time, the simulator in a child JVM. */
        LARGE
    }

    /**
     * @param dir          exports and embedded databases (kept between runs: a generated export is reused)
     * @param clients      clients of the export of E2E, NAIVE and LIMITS (18,000 give about 200,000 records)
     * @param largeClients clients of the LARGE export (180,000 give about 2,000,000 records)
     * @param seed         seed of the generated exports
     * @param timeScale    LIMITS divides the 300 s window and both window budgets by this (the allowed rate stays)
     * @param childHeap    -Xmx of the simulator's child JVM in LARGE
     * @param sqlStats     print the statements PostgreSQL spent the most time on during each load (pg_stat_statements)
     * @param reuseStaged  load what an earlier bench run staged under {@code dir} instead of staging again
     * @param childSimulator e2e and naive also run the simulator in a child JVM (its CPU and heap then apart)
     * @param recordCostMillis LIMITS: the server time one record costs (slept by the simulator, counted by the limits)
     * @param serverSettings PostgreSQL settings for the benchmark's embedded server (ALTER SYSTEM), to try tunings
     * @param warmUpLoads  E2E and NAIVE: unmeasured loads first, so the measured one runs on compiled code (the JIT
     *                     is still compiling per-batch code during a fourth load of 186,000 records)
     * @param measuredLoads E2E: bulk loads measured after the warm-up ones; with more than one, a summary line gives
     *                     each one's figures, their mean and their median (NAIVE compares with the last)
     */
    public record Settings(Path dir, int clients, int largeClients, long seed, int timeScale, String childHeap,
                           boolean sqlStats, boolean reuseStaged, boolean childSimulator, int recordCostMillis,
                           Map<String, String> serverSettings, int warmUpLoads, int measuredLoads) {
    }

    static final String FALLBACK_OWNER = "migration.owner@bench.example";
    private static final String NAMESPACE = "6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c";

    private final MigratorConfig base;
    private final Settings settings;
    private final PrintStream out;

    public LoadBench(MigratorConfig base, Settings settings, PrintStream out) {
        this.base = base.with("migrator.db.url", "").with("migrator.owners.fallback", FALLBACK_OWNER)
                .with("migrator.migration.namespace", NAMESPACE)
                .with("dataverse.client.key-poll-interval-ms", "20");
        this.settings = settings;
        this.out = out;
    }

    /** A simulator with Microsoft's behaviour but no service-protection limits and no latency. */
    static DataverseSimOptions unlimited() {
        return DataverseSimOptions.defaults().windowMillis(1_000).maxRequests(Integer.MAX_VALUE)
                .maxExecutionMillis(Long.MAX_VALUE).keyActivationDelayMillis(20);
    }

    /**
     * Microsoft's limits with the window and both budgets divided by {@code scale} (the rates they allow stay), each
     * record costing {@code recordCost} ms of server time, slept while the request is in flight.
     */
    static DataverseSimOptions scaledLimits(int scale, int recordCost) {
        return DataverseSimOptions.defaults().windowMillis(300_000 / scale).maxRequests(6_000 / scale)
                .maxExecutionMillis(1_200_000L / scale).maxConcurrent(52).executionMillisPerRecord(recordCost)
                .simulateExecutionTime(true).keyActivationDelayMillis(20);
    }

    public void run(Set<Scenario> scenarios) throws Exception {
        out.println("Machine: " + Machine.describe());
        out.println("Reference work before the loads: " + ReferenceWork.measure());
        out.println("Load settings: migrator.load.workers=" + base.getInt("migrator.load.workers", 4)
                + ", migrator.load.batch-size=" + base.getInt("migrator.load.batch-size", 500)
                + ", dataverse.client.bulk-size=" + base.getInt("dataverse.client.bulk-size", 200)
                + ", dataverse.client.writer-threads=" + base.getInt("dataverse.client.writer-threads", 16));
        Workspace ws = null;
        if (scenarios.contains(Scenario.E2E) || scenarios.contains(Scenario.NAIVE) || scenarios.contains(Scenario.LIMITS)) {
            ws = stage(settings.clients());
        }
        LoadFigures bulk = null;
        if (scenarios.contains(Scenario.E2E) || scenarios.contains(Scenario.NAIVE)) {
            for (int i = 1; i <= settings.warmUpLoads(); i++) {
                load(ws, "warm-up " + i + " of " + settings.warmUpLoads()
                        + ": the same bulk load, not measured, so the next ones run on compiled code", unlimitedHere(), false);
            }
            List<LoadFigures> measured = new ArrayList<>();
            for (int i = 1; i <= settings.measuredLoads(); i++) {
                String which = settings.measuredLoads() == 1 ? "" : " (measured " + i + " of " + settings.measuredLoads() + ")";
                bulk = load(ws, "e2e" + which + ": bulk load, " + where() + " simulator, zero latency, no limits",
                        unlimitedHere(), false);
                measured.add(bulk);
            }
            if (measured.size() > 1) {
                summary(measured);
            }
        }
        if (scenarios.contains(Scenario.NAIVE)) {
            LoadFigures naive = load(ws, "naive: one request per record, same export, same simulator settings",
                    unlimitedHere(), true);
            out.printf("RESULT naive: bulk %,.0f records/s vs one-request-per-record %,.0f records/s = %.1f × "
                            + "(requests: %,d vs %,d)%n", bulk.recordsPerSecond(), naive.recordsPerSecond(),
                    bulk.recordsPerSecond() / naive.recordsPerSecond(), bulk.requests(), naive.requests());
            DataverseSimOptions limits = DataverseSimOptions.defaults();
            double allowedBulk = bulk.records() / Math.max(limitsSecondsFor(bulk, limits), 1e-9);
            double allowedNaive = naive.records() / Math.max(limitsSecondsFor(naive, limits), 1e-9);
            out.printf("RESULT naive under Microsoft's limits (one app user, 2 ms per record): bulk at most %,.0f "
                            + "records/s, one-request-per-record at most %,.0f records/s = %.0f ×%n", allowedBulk,
                    allowedNaive, allowedBulk / allowedNaive);
        }
        if (scenarios.contains(Scenario.LIMITS)) {
            limits(ws);
        }
        if (scenarios.contains(Scenario.LARGE)) {
            large();
        }
        // a host that slowed down (or sped up) during the run shows here, not in the records/s alone
        out.println("Reference work after the loads: " + ReferenceWork.measure());
    }

    /** The measured loads side by side: on a shared machine one load's figure can be 30 % off its neighbours'. */
    private void summary(List<LoadFigures> measured) {
        double[] rates = measured.stream().mapToDouble(LoadFigures::recordsPerSecond).toArray();
        double[] micros = measured.stream().mapToDouble(LoadFigures::cpuMicrosPerRecord).toArray();
        out.printf("RESULT e2e over %d measured loads: %s records/s, mean %,.0f, median %,.0f; CPU per record %s µs, "
                        + "mean %.0f, median %.0f%n", measured.size(), joined(rates, "%,.0f"), mean(rates), median(rates),
                joined(micros, "%.0f"), mean(micros), median(micros));
    }

    private static String joined(double[] values, String format) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : " / ").append(String.format(format, v));
        }
        return b.toString();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private String where() {
        return settings.childSimulator() ? "child-JVM" : "in-process";
    }

    /** No limits, in this JVM unless the simulator is to run in a child JVM (null). */
    private DataverseSimOptions unlimitedHere() {
        return settings.childSimulator() ? null : unlimited();
    }

    /** The time the limits need at least to let a load's requests through: the binding one of the two budgets. */
    private static double limitsSecondsFor(LoadFigures f, DataverseSimOptions o) {
        double window = o.windowMillis() / 1000.0;
        double byRequests = (double) Math.max(0, f.requests()) / o.maxRequests() * window;
        double byExecution = (double) f.executionMillis(o.executionMillisPerRecord()) / o.maxExecutionMillis() * window;
        return Math.max(byRequests, byExecution);
    }

    private void limits(Workspace ws) throws Exception {
        int scale = settings.timeScale();
        DataverseSimOptions o = scaledLimits(scale, settings.recordCostMillis());
        LoadFigures f = load(ws, String.format("limits: bulk load under service protection scaled 1/%d (window %d s, "
                        + "%,d requests, %,d ms execution per window, %d ms per record slept, %d concurrent)", scale,
                o.windowMillis() / 1000, o.maxRequests(), o.maxExecutionMillis(), o.executionMillisPerRecord(),
                o.maxConcurrent()), o, false);
        ProtectionUsage u = ProtectionUsage.of(f.log(), SimulatedOrg.APP_USER, o.windowMillis(), o.maxRequests(),
                o.maxExecutionMillis(), o.executionMillisPerRecord());
        double allowedRate = (double) o.maxExecutionMillis() / o.executionMillisPerRecord() / (o.windowMillis() / 1000.0);
        if (u == null) {
            out.println("RESULT limits: the load never stayed throttled for a whole window; use a larger --time-scale "
                    + "or export");
        } else {
            out.printf("RESULT limits: %.1f %% of the %s budget used over %d windows of %d s from the first 429 "
                            + "(execution %,d of %,d ms = %.1f %%, requests %,d of %,d = %.1f %%); %,.0f records/s "
                            + "written vs %,.0f allowed by the execution budget; %,d requests refused with 429 in those "
                            + "windows; %d requests sent before a Retry-After ran out (early retries; %d more were "
                            + "on their way when it was answered)%n",
                    u.share(), u.bindingLimit(), u.windows(), u.windowMillis() / 1000, u.executionMillis(),
                    u.maxExecutionMillis(), u.executionShare(), u.requests(), u.maxRequests(), u.requestShare(),
                    u.recordsPerSecond(), allowedRate, u.throttled(), f.earlyRetries(), f.inFlightAtRetryAfter());
        }
    }

    private void large() throws Exception {
        long start = System.nanoTime();
        try (HeapMeter heap = HeapMeter.start()) {
            Workspace ws = stage(settings.largeClients());
            LoadFigures f = load(ws, "large: bulk load of the large export, simulator in a child JVM (-Xmx"
                    + settings.childHeap() + "), zero latency, no limits", null, false);
            HeapMeter.Peak p = heap.peak();
            out.printf("RESULT large: %,d staged records, %,d loaded in %s (generate %s, stage %s, load set-up %s, "
                            + "load %s = %,.0f records/s); peak used heap %,d MB before GC, %,d MB live after GC "
                            + "(%,d collections, max heap %,d MB)%n",
                    ws.staged(), f.records(), seconds(System.nanoTime() - start), seconds(ws.generateNanos()),
                    seconds(ws.stageNanos()), seconds(f.setupNanos()), seconds(f.loadNanos()), f.recordsPerSecond(),
                    p.usedBeforeGc() / (1024 * 1024), p.liveAfterGc() / (1024 * 1024), p.collections(),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    // ---- staging -------------------------------------------------------------------------------------------

    /** A staged export: its work directory (embedded PostgreSQL) and how long generating and staging took. */
    record Workspace(Path workDir, Path export, long staged, long generateNanos, long stageNanos) {
    }

    private Workspace stage(int clients) throws Exception {
        Path export = settings.dir().resolve("export-" + clients + "-" + settings.seed());
        long generate = 0;
        if (!Files.isRegularFile(export.resolve("manifest.json"))) {
            long t = System.nanoTime();
            GeneratedCounts g = new ExportGenerator(clients, settings.seed()).writeTo(export);
            generate = System.nanoTime() - t;
            out.printf("Generated %,d records (%,d clients, seed %d) in %s in %s%n", g.total(), clients, settings.seed(),
                    export, seconds(generate));
        }
        Path work = settings.dir().resolve("work-" + clients + "-" + settings.seed());
        if (settings.reuseStaged() && Files.isRegularFile(work.resolve("staged"))) {
            long staged = Long.parseLong(Files.readString(work.resolve("staged")).trim());
            out.printf("Reusing the %,d records staged in %s (staging not measured)%n", staged, work);
            return new Workspace(work, export, staged, generate, -1);
        }
        ExportFolders.delete(work);
        String loadBefore = Machine.loadAverage();
        try (MigratorContext ctx = MigratorContext.open(base.with("migrator.work-dir", work.toString()));
             HeapMeter heap = HeapMeter.start()) {
            long t = System.nanoTime();
            StagingResult r = new ExportStager(ctx).stage(export);
            long took = System.nanoTime() - t;
            long read = r.total(StagingResult.Counts::read);
            HeapMeter.Peak p = heap.peak();
            out.printf("RESULT staging: %,d records read (%,d rejected) from %s into a new embedded PostgreSQL in %s = "
                            + "%,.0f records/s; heap %,d MB peak / %,d MB live; load average %s → %s%n",
                    read, r.rejected(), export.getFileName(), seconds(took), read / (took / 1e9),
                    p.usedBeforeGc() / (1024 * 1024), p.liveAfterGc() / (1024 * 1024), loadBefore, Machine.loadAverage());
            Files.writeString(work.resolve("staged"), Long.toString(read));
            return new Workspace(work, export, read, generate, took);
        }
    }

    // ---- one load ------------------------------------------------------------------------------------------

    /**
     * One load of everything staged into a new simulated org (in this JVM with {@code options}, or in a child JVM
     * when {@code options} is null), as an operator runs it: owners, approved default mapping, schema, migrate.
     */
    private LoadFigures load(Workspace ws, String label, DataverseSimOptions options, boolean perRecord)
            throws Exception {
        out.println();
        out.println("== " + label);
        MigratorConfig config = base.with("migrator.work-dir", ws.workDir().toString());
        configureServer(config);
        Path mappingFile = settings.dir().resolve("mapping.yaml");
        Files.writeString(mappingFile, MappingLoader.toYaml(MappingLoader.defaultMapping()));
        config = config.with("migrator.mapping.file", mappingFile.toString());
        long setupStart = System.nanoTime();
        try (MigratorContext ctx = MigratorContext.open(config)) {
            boolean loadedBefore = loadedBefore(ctx);
            LoadHistory.forget(ctx);
            if (loadedBefore) {
                compact(ctx);
            }
            try (SimulatedOrg org = options != null
                    ? SimulatedOrg.inProcess(options, ctx.store().dataSource(), ctx.migration().id(), FALLBACK_OWNER)
                    : SimulatedOrg.childProcess(jdbcUrl(ctx), ctx.migration().id(), FALLBACK_OWNER, settings.childHeap(),
                            settings.dir().resolve("simulator.log"))) {
                MigratorConfig dvConfig = config.with("dataverse.url", org.baseUrl().toString())
                        .with("dataverse.token", org.token());
                try (CamelRuntime camel = CamelRuntime.start(ctx, Map.of());
                     DataverseConnection dv = DataverseConnection.open(camel.context(), dvConfig)) {
                    dv.startUp();
                    new OwnerResolver(ctx, dv.reader()).resolve();
                    MappingLoader.LoadedMapping mapping = MappingLoader.load(mappingFile);
                    new MappingApprovals(ctx).approve(mapping, "bench");
                    // a new simulated org per load, never rolled back: nothing to record for rollback --schema
                    SchemaProvisioner.of(dv, mapping.mapping(), Edition.SALES_PROFESSIONAL, SchemaChanges.NONE).apply();
                    long setup = System.nanoTime() - setupStart;
                    TableWriter writer = perRecord ? new PerRecordWriter(dv.recordWriter()) : TableWriter.bulk(dv.bulkWriter());
                    if (settings.sqlStats()) {
                        SqlStatements.reset(ctx);
                    }
                    String loadBefore = Machine.loadAverage();
                    LoadJob.Outcome o;
                    java.time.Instant loadStart;
                    CpuMeter.Cpu cpu;
                    HeapMeter.Peak heap;
                    long took;
                    try (CpuMeter meter = CpuMeter.start(name -> name.startsWith("dataverse-sim-")
                            || name.equals("HTTP-Dispatcher"), ws.workDir().resolve("pg"), org.pid());
                         HeapMeter heapMeter = HeapMeter.start()) {
                        long t = System.nanoTime();
                        loadStart = java.time.Instant.now();
                        o = LoadJob.run("full", camel, ctx, dv, mapping, out, writer);
                        took = System.nanoTime() - t;
                        cpu = meter.stop();
                        heap = heapMeter.peak();
                    }
                    String loadAfter = Machine.loadAverage();
                    Map<String, Long> writes = writes(ctx, o.runId());
                    List<DataverseRequestLog> log = org.requests();
                    long requests = writeRequests(log, loadStart);
                    if (requests < 0 && writer instanceof PerRecordWriter p) {
                        requests = p.requests(); // one request per record overflows the simulator's log of 10,000
                    }
                    LoadFigures f = new LoadFigures(o.landed() + o.rejected(), o.landed(), o.rejected(), took, setup,
                            writes, requests, log, org.earlyRetries(), org.inFlightAtRetryAfter(),
                            cpu.jvmNanos() + cpu.postgresNanos() + Math.max(0, cpu.childNanos()));
                    out.printf("RESULT load: %,d records (%,d landed, %,d dead letters) in %s = %,.0f records/s; "
                                    + "Dataverse writes %s in %s requests; set-up before the load (owners, mapping, "
                                    + "schema) %s%n",
                            f.records(), o.landed(), o.rejected(), seconds(took), f.recordsPerSecond(), writes,
                            f.requests() < 0 ? "(not logged)" : String.format("%,d", f.requests()), seconds(setup));
                    double cores = cpu.wallNanos() / 1e9 * Runtime.getRuntime().availableProcessors();
                    out.printf("RESULT cpu: this JVM %s = simulator threads %s (%.0f %%) + migrator threads %s (%.0f %%) "
                                    + "+ GC and JIT %s (%.0f %%; GC time %s); PostgreSQL %s%s; %.0f core-seconds "
                                    + "available; heap %,d MB peak / %,d MB live; load average %s → %s; %.0f µs of CPU "
                                    + "per record%n",
                            seconds(cpu.jvmNanos()), seconds(cpu.simulatorThreadNanos()), cpu.share(cpu.simulatorThreadNanos()),
                            seconds(cpu.migratorThreadNanos()), cpu.share(cpu.migratorThreadNanos()),
                            seconds(cpu.jvmInternalNanos()), cpu.share(cpu.jvmInternalNanos()),
                            seconds(cpu.gcPauseMillis() * 1_000_000), seconds(cpu.postgresNanos()),
                            cpu.childNanos() >= 0 ? ", simulator process " + seconds(cpu.childNanos()) : "",
                            cores, heap.usedBeforeGc() / (1024 * 1024), heap.liveAfterGc() / (1024 * 1024), loadBefore,
                            loadAfter, f.cpuMicrosPerRecord());
                    StringBuilder pgParts = new StringBuilder();
                    cpu.postgresParts().forEach((k, v) -> pgParts.append(pgParts.length() == 0 ? "" : ", ").append(k)
                            .append(' ').append(seconds(v)));
                    out.println("RESULT postgresql cpu: " + pgParts);
                    StringBuilder internal = new StringBuilder();
                    cpu.jvmThreadParts().forEach((k, v) -> internal.append(internal.length() == 0 ? "" : ", ").append(k)
                            .append(' ').append(seconds(v)));
                    out.println("RESULT jvm internal cpu: " + internal);
                    out.printf("RESULT allocation: simulator threads %,d MB, migrator threads %,d MB (%,d bytes per record)%n",
                            cpu.simulatorAllocated() >> 20, cpu.migratorAllocated() >> 20,
                            f.records() == 0 ? 0 : cpu.migratorAllocated() / f.records());
                    auditSize(ctx, o.runId());
                    if (settings.sqlStats()) {
                        SqlStatements.print(ctx, out, 12);
                    }
                    return f;
                }
            }
        }
    }

    /**
     * The embedded server's settings for this load: the bench's own (--pg, pg_stat_statements with --sql-stats) and
     * nothing left from an earlier run; they take effect when the load starts the server again.
     */
    private void configureServer(MigratorConfig config) throws SQLException {
        try (MigratorContext ctx = MigratorContext.open(config); Connection c = ctx.store().connection();
             java.sql.Statement st = c.createStatement()) {
            st.execute("alter system reset all");
            if (settings.sqlStats()) {
                st.execute("alter system set shared_preload_libraries = 'pg_stat_statements'");
            }
            for (Map.Entry<String, String> e : settings.serverSettings().entrySet()) {
                if (!e.getKey().matches("[a-z_]+")) {
                    throw new IllegalArgumentException("not a PostgreSQL setting name: " + e.getKey());
                }
                // ALTER SYSTEM takes no bind parameters: the name is checked above, the value quoted as a literal
                st.execute("alter system set " + e.getKey() + " = '" + e.getValue().replace("'", "''") + "'");
            }
        }
        if (!settings.serverSettings().isEmpty()) {
            out.println("PostgreSQL settings: " + settings.serverSettings());
        }
    }

    private static boolean loadedBefore(MigratorContext ctx) throws SQLException {
        try (Connection c = ctx.store().connection();
             PreparedStatement ps = c.prepareStatement("select exists (select 1 from id_map where migration_id = ?)")) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Rewrites the tables an earlier load filled and forgot: their dead rows and index entries would otherwise make
     * every load after the first (warm-up, naive, limits) slower than a migration into a fresh store. staged_load
     * gets two updates per record and load (pending → loaded, then back): left out until 4f4ddf0, it held 1.1 million
     * dead rows (78 MB) after three loads, and each run in a reused bench directory was slower than the one before.
     */
    private static void compact(MigratorContext ctx) throws SQLException {
        try (Connection c = ctx.store().connection(); java.sql.Statement st = c.createStatement()) {
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction
            st.execute("vacuum full analyze audit_log, id_map, sent_create, intended_write, dead_letter, staged_record, "
                    + "staged_load");
        }
    }

    private static String jdbcUrl(MigratorContext ctx) throws SQLException {
        try (Connection c = ctx.store().connection()) {
            return c.getMetaData().getURL();
        }
    }

    /** Write requests the simulator answered (429s excluded) since the load began; -1 when it keeps no log here. */
    private static long writeRequests(List<DataverseRequestLog> log, java.time.Instant since) {
        if (log.isEmpty()) {
            return -1;
        }
        if (log.size() == DataverseSimulator.REQUEST_LOG_SIZE && log.get(0).start().isAfter(since)) {
            return -1; // the log forgot the oldest of them
        }
        return log.stream().filter(r -> !r.start().isBefore(since) && !r.method().equals("GET") && r.status() != 429).count();
    }

    /** The writes a run made, by operation, from its audit log. */
    private static Map<String, Long> writes(MigratorContext ctx, long runId) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select operation, count(*) from audit_log where run_id = ? group by 1 order by 1")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private void auditSize(MigratorContext ctx, long runId) throws SQLException {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select count(*), coalesce(avg(pg_column_size(columns)), 0), pg_total_relation_size('audit_log')
                from audit_log where run_id = ?
                """)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.printf("RESULT audit: %,d rows, %,.0f bytes of columns per row on average, audit_log %,d MB on disk%n",
                        rs.getLong(1), rs.getDouble(2), rs.getLong(3) / (1024 * 1024));
            }
        }
    }

    static String seconds(long nanos) {
        if (nanos < 0) {
            return "n/a";
        }
        double s = nanos / 1e9;
        return s >= 120 ? String.format("%d min %02d s", (long) s / 60, (long) s % 60) : String.format("%.1f s", s);
    }

    /** All scenarios, or the named ones. */
    public static Set<Scenario> parse(Iterable<String> names) {
        Set<Scenario> out = EnumSet.noneOf(Scenario.class);
        for (String n : names) {
            if (n.equalsIgnoreCase("all")) {
                return EnumSet.allOf(Scenario.class);
            }
            out.add(Scenario.valueOf(n.toUpperCase(java.util.Locale.ROOT)));
        }
        return out;
    }
}
