package org.profid365.migrator.rollback;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.store.RunLedger;

/**
 * One rollback from start to end, as the CLI starts it: refuse while another run is going, open a run of kind
 * {@code rollback} in the ledger, send it through the route {@code rollback}, close it with its counters.
 */
public final class RollbackJob {

    /** What a rollback did; {@code status} is succeeded, failed (run it again) or refused (nothing was done). */
    public record Outcome(long runId, String status, Map<String, Long> counters, List<String> unlinked,
                          List<String> blocked, List<String> failures, String stoppedBecause) {
    }

    /** What a rollback would do, from the state store alone: records to delete per table, records to restore. */
    public record Plan(Map<String, Long> deletes, long restores) {
    }

    private RollbackJob() {
    }

    public static Plan plan(MigratorContext ctx) throws SQLException {
        long migrationId = ctx.migration().id();
        try (Connection c = ctx.store().connection()) {
            return new Plan(new CreatedRecords(migrationId).remaining(c),
                    new BeforeImages(ctx.store().dataSource(), migrationId, null, 1).pending());
        }
    }

    public static Outcome run(CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                              RollbackRun.PreExisting mode) throws Exception {
        RunLedger ledger = ctx.ledger();
        long migrationId = ctx.migration().id();
        ledger.markInterrupted(migrationId);
        List<RunLedger.OpenRun> open = ledger.running(migrationId);
        if (!open.isEmpty()) {
            RunLedger.OpenRun r = open.get(0);
            return new Outcome(0, "refused", Map.of(), List.of(), List.of(), List.of(), "run " + r.id() + " (" + r.kind()
                    + ") is still running on " + r.host() + " as process " + r.pid() + "; let it finish or stop it first");
        }
        long runId = ledger.start(migrationId, "rollback", "pre-existing children: " + mode.name().toLowerCase());
        RollbackRun run = new RollbackRun(ctx, dv, runId, mode);
        RollbackRoutes routes = camel.context().getRegistry().lookupByNameAndType("rollback", RollbackRoutes.class);
        routes.open(run);
        try {
            camel.template().requestBody("direct:rollback", runId);
        } catch (RuntimeException e) {
            ledger.finish(runId, "failed", run.counters());
            throw e;
        } finally {
            routes.close(run);
        }
        String status = run.complete() ? "succeeded" : "failed";
        ledger.finish(runId, status, run.counters());
        return new Outcome(runId, status, run.counters(), run.unlinked(), run.blocked(), run.failures(),
                run.stoppedBecause());
    }
}
