package org.profid365.migrator.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.delta.DeltaJob;
import org.profid365.migrator.delta.DeltaRun;
import org.profid365.migrator.delta.PreflightFailedException;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.profi.ExportFormatException;
import org.profid365.migrator.profi.ProfiApiPull;
import org.profid365.migrator.runtime.CamelRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** One delta through the route the service's cron uses ({@code delta-run}), with what it did printed. */
@Command(name = "delta", description = "Pick up what changed in Profi since the last delta (the API with updated_since, "
        + "or an export compared by content hash; default PROFI_SOURCE, else the .zip files in the inbox), write the "
        + "creates and updates to Dynamics, and handle records deleted in Profi (migrator.delta.deletions). The watermark "
        + "advances only when the run succeeds. Exit 1 when records went to the dead letters, 2 once the cutover is "
        + "closed, 3 when the preflight fails, 4 when the run failed (run it again) or another delta is running.")
final class DeltaCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Parameters(arity = "0..1", paramLabel = "SOURCE",
            description = "Export directory, .zip, or the Profi API's http(s) URL (default: PROFI_SOURCE, else the inbox).")
    String source;

    @Override
    public Integer call() throws Exception {
        try (MigratorContext ctx = MigratorContext.open(parent.config()); CamelRuntime camel = CamelRuntime.start(ctx, Map.of())) {
            return run(ctx, camel, source, System.out, System.err).exit();
        }
    }

    /** What one delta did and the exit code it means. */
    record Result(int exit, DeltaRun run) {
    }

    /** Sends one delta to the route {@code delta-run} and prints what it did; shared with {@code cutover --close}. */
    static Result run(MigratorContext ctx, CamelRuntime camel, String source, PrintStream out, PrintStream err)
            throws Exception {
        Exchange ex = camel.template().request("direct:delta-run", e -> {
            if (source != null) {
                e.getIn().setHeader(DeltaJob.SOURCE_HEADER, source);
            }
            e.getIn().setHeader(DeltaJob.INBOX_HEADER, true);
        });
        DeltaRun run = ex.getProperty(DeltaJob.RUN, DeltaRun.class);
        Throwable failure = cause(ex.getException());
        if (failure instanceof PreflightFailedException p) {
            err.println("preflight failed: " + p.failures().size() + " problem(s); nothing was written by run "
                    + (run == null ? "?" : run.runId()));
            p.failures().forEach(f -> err.println("  - " + f));
            return new Result(ExitCodes.PREFLIGHT_FAILED, run);
        }
        if (failure instanceof ConfigurationException || failure instanceof ExportFormatException) {
            throw (RuntimeException) failure;
        }
        if (failure != null) {
            ProfiApiPull.State pull = ex.getProperty(ProfiApiPull.STATE, ProfiApiPull.State.class);
            String why = failure instanceof org.apache.camel.http.base.HttpOperationFailedException
                    ? ProfiApiPull.describe(failure, pull) : MigratorCommand.describe(failure);
            err.println("Delta run " + (run == null ? "?" : run.runId()) + " failed; the watermark stays, run delta "
                    + "again: " + why);
            return new Result(ExitCodes.FAILED, run);
        }
        if (run.isSkipped()) {
            err.println("No delta: " + run.skipReason());
            return new Result(run.skipReason().startsWith("another") ? ExitCodes.FAILED : ExitCodes.USAGE_OR_CONFIG, run);
        }
        print(ctx, run, out);
        if (!run.succeeded()) {
            err.println("Delta run " + run.runId() + " failed: " + run.unavailable() + " record(s) could not be written "
                    + "because Dataverse was unavailable. The watermark stays; run delta again to write them.");
            return new Result(ExitCodes.FAILED, run);
        }
        if (run.rejected() > 0) {
            out.println("See the rejected records with: dead-letters list");
            return new Result(ExitCodes.REJECTED_RECORDS, run);
        }
        return new Result(ExitCodes.OK, run);
    }

    private static void print(MigratorContext ctx, DeltaRun run, PrintStream out) throws Exception {
        long added = 0;
        long changed = 0;
        long rejected = 0;
        for (StagingResult r : run.staged()) {
            added += r.total(StagingResult.Counts::added);
            changed += r.total(StagingResult.Counts::changed);
            rejected += r.rejected();
        }
        out.printf("Delta run %d %s%n", run.runId(), run.status());
        out.printf("  picked up:  %s: %,d new, %,d changed, %,d rejected on staging%n", run.getPickup(), added, changed, rejected);
        out.printf("  pending:    %,d records (with what the inbox route and earlier runs staged)%n", run.pending());
        out.printf("  loaded:     %,d records landed, %,d went to the dead letters%n", run.landed(), run.rejected());
        Map<String, Long> writes = new LinkedHashMap<>();
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select operation, count(*) from audit_log where run_id = ? group by operation order by operation")) {
            ps.setLong(1, run.runId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        out.printf("  Dynamics:   %s%n", writes.isEmpty() ? "nothing written" : writes);
        if (run.deletionReport() != null) {
            out.printf("  deletions:  %s%n", run.deletionReport());
        }
        if (run.newUpdatedSince() != null) {
            out.printf("  watermark:  updated_since=%s%n", run.newUpdatedSince());
        }
    }

    private static Throwable cause(Throwable t) {
        Throwable c = t;
        while (c instanceof CamelExecutionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
