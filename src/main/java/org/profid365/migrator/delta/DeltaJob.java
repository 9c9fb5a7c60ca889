package org.profid365.migrator.delta;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.load.LoadStage;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.Preflight;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.profi.ProfiApiPull;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.store.RunLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the route {@code delta-run} (bean {@code delta}), which the Quartz route {@code delta} and the
 * {@code delta} command both call. One delta: take the delta lock, open a {@code delta} run in the ledger, pick up
 * what changed in Profi since the watermark (the API with {@code updated_since}, or exports compared by content
 * hash), load it (creates and updates, through the route {@code migrate-full}), act on records deleted in Profi, and
 * close the run and advance the watermarks in one transaction, when the run succeeded. A run that fails or dies leaves
 * the watermarks as they were; the next run reads the same changes again and finishes the work (staging and the load
 * are idempotent, and the records a failed delta could not write become pending again).
 */
public final class DeltaJob {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaJob.class);

    /** Exchange property holding the {@link DeltaRun}. */
    public static final String RUN = "deltaRun";
    /** Header (optional) naming the source: an export directory, a .zip, or the Profi API base URL. */
    public static final String SOURCE_HEADER = "deltaSource";
    /** Header (optional, true/false): stage the .zip files waiting in the inbox first (the CLI does; serve's inbox route does that itself). */
    public static final String INBOX_HEADER = "deltaClaimInbox";

    private final MigratorContext ctx;
    private final PrintStream out;

    public DeltaJob(MigratorContext ctx) {
        this(ctx, System.out);
    }

    public DeltaJob(MigratorContext ctx, PrintStream out) {
        this.ctx = ctx;
        this.out = out;
    }

    /**
     * Sends one delta through the route {@code delta-run}, as the cron does, on the caller's thread: {@code source}
     * (null: profi.source, else the inbox's .zip files). The exchange carries the {@link DeltaRun} as {@link #RUN}.
     */
    public static Exchange request(ProducerTemplate template, String source) {
        return template.request("direct:delta-run", e -> {
            if (source != null) {
                e.getIn().setHeader(SOURCE_HEADER, source);
            }
            e.getIn().setHeader(INBOX_HEADER, true);
        });
    }

    // ---- route steps -------------------------------------------------------------------------------------------

    /** Step {@code delta-begin}: lock, open the run, choose the pickup. */
    public void begin(Exchange ex) throws Exception {
        DeltaRun run = new DeltaRun();
        ex.setProperty(RUN, run);
        long migrationId = ctx.migration().id();
        run.lock = DeltaLock.tryAcquire(ctx.store().dataSource(), migrationId);
        if (run.lock == null) {
            run.skipped = "another delta is running for this migration" + runningDelta().map(id -> " (run " + id + ")").orElse("");
            run.status = "skipped";
            LOG.info("Delta skipped: {}", run.skipped);
            return;
        }
        List<Long> dead = ctx.ledger().markInterrupted(migrationId);
        if (!dead.isEmpty()) {
            LOG.info("Runs {} were interrupted (their process is gone); this delta redoes their work", dead);
        }
        MigratorConfig config = ctx.config();
        String source = ex.getIn().getHeader(SOURCE_HEADER, config.get("profi.source"), String.class);
        try (Connection c = ctx.store().connection()) {
            Optional<String> closed = cutoverClosed(c);
            if (closed.isPresent()) {
                run.skipped = "the cutover was closed at " + closed.get() + ": Dynamics is the system of record now, so "
                        + "Profi changes are no longer carried over (a new migrate --full opens a new window)";
                run.status = "skipped";
                LOG.info("Delta skipped: {}", run.skipped);
                return;
            }
            run.previousExport = Watermarks.get(c, migrationId, Watermarks.EXPORTS, Watermarks.LAST_EXPORT)
                    .map(Long::parseLong).orElse(exportsLoadedByLastFullRun(c));
            run.retried = retryWorkOfFailedDeltas(c);
            if (source != null && (source.startsWith("http://") || source.startsWith("https://"))) {
                run.pickup = DeltaRun.Pickup.HTTP;
                run.source = source;
                run.updatedSince = Watermarks.get(c, migrationId, source, Watermarks.UPDATED_SINCE).orElse(null);
            }
        }
        if (run.pickup != DeltaRun.Pickup.HTTP) {
            if (source != null) {
                run.pickup = DeltaRun.Pickup.EXPORTS;
                run.source = source;
                run.paths.add(Path.of(source).toAbsolutePath());
            } else if (ex.getIn().getHeader(INBOX_HEADER, false, Boolean.class)) {
                claimInbox(run);
                awaitInboxRoute(ex.getContext());
                run.source = "inbox";
                run.pickup = run.paths.isEmpty() ? DeltaRun.Pickup.NONE : DeltaRun.Pickup.EXPORTS;
            }
        }
        run.runId = ctx.ledger().start(migrationId, "delta", describe(run));
        out.println("Delta run " + run.runId + ": " + describe(run));
        ex.getIn().removeHeaders("*");
        if (run.pickup == DeltaRun.Pickup.HTTP) {
            ex.getIn().setHeader(ProfiApiPull.SOURCE_HEADER, run.source);
            if (run.updatedSince != null) {
                ex.getIn().setHeader(ProfiApiPull.UPDATED_SINCE_HEADER, run.updatedSince);
            }
        }
        ex.getIn().setBody(run.paths.stream().map(Path::toString).toList());
    }

    /** Step {@code delta-pulled}: the API pull's staging result. */
    public void pulled(Exchange ex) {
        run(ex).staged.add(ex.getIn().getBody(StagingResult.class));
    }

    /** Step {@code delta-export-starting}: the path of the next export to stage goes into CamelFileAbsolutePath. */
    public void exportStarting(Exchange ex) {
        Path path = Path.of(ex.getIn().getBody(String.class));
        run(ex).current = path;
        ex.getIn().setHeader(Exchange.FILE_PATH, path.toString());
        ex.getIn().setHeader("CamelFileAbsolutePath", path.toString());
    }

    /** Step {@code delta-export-staged}: keeps the export's staging result; a claimed inbox file moves to .done. */
    public void exportStaged(Exchange ex) throws IOException {
        DeltaRun run = run(ex);
        run.staged.add(ex.getIn().getBody(StagingResult.class));
        Path claimed = run.claimed.remove(run.current);
        if (claimed != null) {
            moveTo(run.current, inbox().resolve(".done"));
        }
        run.current = null;
    }

    /** Step {@code delta-load}: re-loads dependents, runs the preflight and loads every pending record. */
    public void load(Exchange ex) throws Exception {
        DeltaRun run = run(ex);
        long migrationId = ctx.migration().id();
        run.deletions = new ProfiDeletions(ctx, DeletionMode.parse(ctx.config().get("migrator.delta.deletions")),
                share(ctx.config().get("migrator.delta.deletions.max-share", "0.5")));
        try (Connection c = ctx.store().connection()) {
            run.exportHigh = stagedExports(c);
            run.dependents = DependentRecords.reload(c, migrationId, run.previousExport);
            Optional<Long> complete = ProfiDeletions.completeExportAfter(c, migrationId, run.previousExport, run.exportHigh);
            if (complete.isPresent()) {
                run.deletionPlan = run.deletions.plan(c, complete.get());
            }
            run.pending = pending(c);
        }
        boolean deletionsInDynamics = run.deletionPlan != null && run.deletionPlan.vanished() > 0
                && run.deletions.mode() != DeletionMode.REPORT;
        if (run.pending == 0 && !deletionsInDynamics) {
            out.println("Nothing to write to Dynamics" + (run.deletionPlan == null ? "" : " but deletions to report"));
            return;
        }
        MigratorConfig config = ctx.config();
        MappingLoader.LoadedMapping mapping = MappingLoader.load(Path.of(config.get("migrator.mapping.file", "mapping/mapping.yaml")));
        run.dv = DataverseConnection.open(ex.getContext(), config);
        run.dv.startUp();
        Preflight.Result preflight = Preflight.check(ctx, run.dv, mapping,
                Edition.parse(config.get("dataverse.edition", "sales-professional")));
        if (!preflight.ok()) {
            throw new PreflightFailedException(preflight.failures());
        }
        if (run.pending > 0) {
            out.println("Loading " + run.pending + " pending records (" + run.dependents + " of them because records "
                    + "they depend on changed, " + run.retried + " left by a failed delta)");
            run.progress = LoadJob.runWithin(run.runId, "delta", ex.getContext(), ctx, run.dv, mapping, out);
        }
    }

    /** Step {@code delta-deletions}: records a complete export lacks are handled by {@code migrator.delta.deletions}. */
    public void deletions(Exchange ex) throws SQLException {
        DeltaRun run = run(ex);
        if (run.deletionPlan == null) {
            return;
        }
        Path report = ctx.config().workDir().resolve("reports").resolve("delta-" + run.runId + "-deletions.csv");
        run.deletionSummary = run.deletions.apply(run.deletionPlan, run.runId,
                run.deletions.mode() == DeletionMode.REPORT ? null : run.dv, report);
        out.println("Deleted in Profi (export " + run.deletionPlan.exportId() + "): " + run.deletionPlan.vanished()
                + " records; " + run.deletionSummary.counts + (run.deletionPlan.held().isEmpty() ? ""
                : "; held (over migrator.delta.deletions.max-share): " + run.deletionPlan.held())
                + (run.deletionSummary.report == null ? "" : "; report " + run.deletionSummary.report));
    }

    /**
     * Step {@code delta-finish}: closes the run; when it succeeded the watermarks advance in the same transaction.
     * A run with records Dataverse could not take now (429/503 to the end, a batch that failed as a whole) fails.
     */
    public DeltaRun finish(Exchange ex) throws SQLException {
        DeltaRun run = run(ex);
        if (run.isSkipped()) {
            release(run);
            return run;
        }
        boolean ok = run.unavailable() == 0;
        String status = ok ? "succeeded" : "failed";
        long migrationId = ctx.migration().id();
        try (Connection c = ctx.store().connection()) {
            c.setAutoCommit(false);
            try {
                if (ok) {
                    if (run.pickup == DeltaRun.Pickup.HTTP) {
                        run.newUpdatedSince = newUpdatedSince(c, run);
                        if (run.newUpdatedSince != null) {
                            Watermarks.set(c, migrationId, run.source, Watermarks.UPDATED_SINCE, run.newUpdatedSince, run.runId);
                        }
                    }
                    Watermarks.set(c, migrationId, Watermarks.EXPORTS, Watermarks.LAST_EXPORT,
                            Long.toString(Math.max(run.exportHigh, run.previousExport)), run.runId);
                } else {
                    run.error = run.unavailable() + " record(s) could not be written because Dataverse was unavailable; "
                            + "the watermark stays and the next delta writes them";
                }
                RunLedger.finish(c, run.runId, status, run.counters());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        run.status = status;
        release(run);
        if (ok) {
            LOG.info("Delta run {} succeeded: {} landed, {} rejected", run.runId, run.landed(), run.rejected());
        } else {
            LOG.warn("Delta run {} failed: {} landed, {} rejected, {}", run.runId, run.landed(), run.rejected(), run.error);
        }
        return run;
    }

    /** On failure (onCompletion): the run fails, the watermarks stay, claimed inbox files go back or to .failed. */
    public void abort(Exchange ex) {
        DeltaRun run = ex.getProperty(RUN, DeltaRun.class);
        if (run == null) {
            return;
        }
        Exception e = ex.getException() != null ? ex.getException() : ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        run.error = e == null ? "unknown error" : rootMessage(e);
        run.status = "failed";
        try {
            if (run.runId != 0) {
                ctx.ledger().finish(run.runId, "failed", run.counters());
            }
            if (run.current != null && run.claimed.containsKey(run.current)) {
                moveTo(run.current, inbox().resolve(".failed"));
                run.claimed.remove(run.current);
            }
            for (Path p : new ArrayList<>(run.claimed.keySet())) {
                Files.move(p, inbox().resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (SQLException | IOException | RuntimeException failure) {
            LOG.warn("Closing the failed delta run {} did not complete: {}", run.runId, failure.toString());
        } finally {
            release(run);
        }
        LOG.warn("Delta run {} failed, the watermark stays: {}", run.runId, run.error);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static DeltaRun run(Exchange ex) {
        DeltaRun run = ex.getProperty(RUN, DeltaRun.class);
        if (run == null) {
            throw new IllegalStateException("no delta run is open on this exchange: send it to direct:delta-run");
        }
        return run;
    }

    private static String describe(DeltaRun run) {
        return switch (run.pickup) {
            case HTTP -> "Profi API " + run.source + (run.updatedSince == null ? " (everything: no watermark yet)"
                    : " updated_since=" + run.updatedSince);
            case EXPORTS -> "exports " + run.paths;
            case NONE -> "no new source; loading what is pending";
        };
    }

    /**
     * The newest export the last successful full run had staged when it started (its records were loaded by it):
     * where the dependents of the first delta start. 0 when there was no full run.
     */
    private long exportsLoadedByLastFullRun(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select coalesce(max(e.id), 0) from source_export e
                where e.migration_id = ? and e.staged_at < (select max(started_at) from run
                                                             where migration_id = ? and kind = 'full' and status = 'succeeded')
                """)) {
            ps.setLong(1, ctx.migration().id());
            ps.setLong(2, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Records a failed (or killed) delta could not write are in the dead letters and rejected; the delta that redoes
     * its work takes them again.
     */
    private long retryWorkOfFailedDeltas(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update staged_load l set load_state = 'pending'
                from staged_record s
                where s.id = l.staged_id and l.migration_id = ? and l.load_state = 'rejected'
                  and exists (select 1 from dead_letter d join run r on r.id = d.run_id
                              where d.migration_id = s.migration_id and d.object_type = s.object_type
                                and d.record_key = s.profi_id and d.replay_state = 'open' and d.stage like 'load-%'
                                and r.kind = 'delta' and r.status in ('failed', 'interrupted', 'running'))
                """)) {
            ps.setLong(1, ctx.migration().id());
            return ps.executeUpdate();
        }
    }

    private Optional<String> cutoverClosed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select w.value from watermark w
                where w.migration_id = ? and w.source = ? and w.name = ?
                  and not exists (select 1 from run r where r.migration_id = w.migration_id and r.kind = 'full'
                                  and r.started_at > w.updated_at)
                """)) {
            ps.setLong(1, ctx.migration().id());
            ps.setString(2, Watermarks.CUTOVER);
            ps.setString(3, Watermarks.CLOSED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private Optional<Long> runningDelta() {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select max(id) from run where migration_id = ? and kind = 'delta' and status = 'running'")) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(id);
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * The newest export whose staging has ended, below any still being staged (by the inbox route of this or another
     * process): what this run may take. An export staged half-way is left whole for the next run. Stagings left
     * 'running' by a dead process of this host were marked interrupted when the run began.
     */
    private long stagedExports(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select coalesce((select min(e.id) - 1 from source_export e join run r on r.id = e.run_id
                                 where e.migration_id = ? and r.status = 'running'),
                                (select max(id) from source_export where migration_id = ?), 0)
                """)) {
            ps.setLong(1, ctx.migration().id());
            ps.setLong(2, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The inbox route may be staging an export this process found first: the run waits for it, then loads it too. */
    private static void awaitInboxRoute(org.apache.camel.CamelContext camel) {
        while (camel.getInflightRepository().size("profi-inbox") > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** Pending records of the types the load writes. */
    private long pending(Connection c) throws SQLException {
        List<String> types = new ArrayList<>();
        for (LoadStage s : LoadStage.values()) {
            types.addAll(s.objectTypes());
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select count(*) from staged_load where migration_id = ? and object_type = any(?) and load_state = 'pending'
                """)) {
            ps.setLong(1, ctx.migration().id());
            ps.setArray(2, c.createArrayOf("text", types.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The next {@code updated_since}: the newest source time among the records this pull returned (Profi's clock,
     * not ours, so clock skew cannot skip a change; the API's filter is inclusive, so the newest records come once
     * more and stage as unchanged). Never behind the previous watermark.
     */
    private String newUpdatedSince(Connection c, DeltaRun run) throws SQLException {
        Instant newest = null;
        try (PreparedStatement ps = c.prepareStatement("select max(newest_source_update) from source_export where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", run.staged.stream().map(StagingResult::exportId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getTimestamp(1) != null) {
                    newest = rs.getTimestamp(1).toInstant();
                }
            }
        }
        if (run.updatedSince != null) {
            Instant previous = Instant.parse(run.updatedSince);
            newest = newest == null || previous.isAfter(newest) ? previous : newest;
        }
        return newest == null ? null : newest.toString();
    }

    private Path inbox() {
        return ctx.config().workDir().resolve("inbox");
    }

    /**
     * Takes the inbox's .zip files (and any a killed delta left claimed) by moving them into inbox/.delta: a move is
     * atomic, so the inbox route of a running {@code serve} and this run never stage the same file at once.
     */
    private void claimInbox(DeltaRun run) throws IOException {
        Path inbox = inbox();
        Path claimedDir = inbox.resolve(".delta");
        Files.createDirectories(claimedDir);
        List<Path> found = new ArrayList<>(zips(claimedDir));
        for (Path zip : zips(inbox)) {
            Path target = claimedDir.resolve(zip.getFileName());
            try {
                Files.move(zip, target, StandardCopyOption.ATOMIC_MOVE);
                found.add(target);
            } catch (NoSuchFileException gone) {
                // the inbox route took it first
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(zip, target);
                found.add(target);
            }
        }
        for (Path p : found) {
            run.paths.add(p);
            run.claimed.put(p, p);
        }
    }

    private static List<Path> zips(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.zip")) {
            s.forEach(out::add);
        }
        out.sort(Comparator.comparing((Path p) -> p.toFile().lastModified()).thenComparing(Path::toString));
        return out;
    }

    private static void moveTo(Path file, Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Files.move(file, dir.resolve(stamp + "-" + file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static double share(String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new org.profid365.migrator.config.ConfigurationException(
                "migrator.delta.deletions.max-share must be a number from 0 to 1, not '" + value + "'");
    }

    private static void release(DeltaRun run) {
        if (run.dv != null) {
            run.dv.close();
            run.dv = null;
        }
        if (run.lock != null) {
            try {
                run.lock.close();
            } catch (SQLException e) {
                LOG.warn("Releasing the delta lock failed (it goes with the connection): {}", e.toString());
            }
            run.lock = null;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c && (c.getMessage() == null
                || c instanceof org.apache.camel.CamelExecutionException)) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
