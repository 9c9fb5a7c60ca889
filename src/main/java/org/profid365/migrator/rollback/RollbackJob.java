package org.profid365.migrator.rollback;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.store.RunLedger;
import org.profid365.migrator.store.SentCreates;

/**
 * One rollback from start to end, as the CLI starts it: refuse while another run is going, open a run of kind
 * {@code rollback} in the ledger, send it through the route {@code rollback}, close it with its counters.
 */
public final class RollbackJob {

    /** What a rollback did; {@code status} is succeeded, failed (run it again) or refused (nothing was done). */
    public record Outcome(long runId, String status, Map<String, Long> counters, List<String> unlinked,
                          List<String> blocked, List<String> failures, String stoppedBecause, List<String> schemaRemoved,
                          List<String> schemaKept) {
    }

    /**
     * What a rollback would do, from the state store alone: records to delete per table, records to restore, and the
     * schema components {@code --schema} would remove, in order.
     */
    public record Plan(Map<String, Long> deletes, long restores, List<String> schemaRemovals) {
    }

    private RollbackJob() {
    }

    public static Plan plan(MigratorContext ctx) throws SQLException {
        long migrationId = ctx.migration().id();
        try (Connection c = ctx.store().connection()) {
            // creates an interrupted batch may have made count as created (they are what id_map state 'sent' means)
            SentCreates.materialize(c, migrationId);
            return new Plan(new CreatedRecords(migrationId).remaining(c),
                    new BeforeImages(ctx.store().dataSource(), migrationId, null, 1).pending(),
                    new SchemaChanges(ctx.store().dataSource(), migrationId).remaining().stream()
                            .map(SchemaChanges.Change::describe).toList());
        }
    }

    public static Outcome run(CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                              RollbackRun.PreExisting mode) throws Exception {
        return run(camel, ctx, dv, mode, false);
    }

    /** {@code schema}: {@code rollback --schema}, which also removes the schema components the migration created. */
    public static Outcome run(CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                              RollbackRun.PreExisting mode, boolean schema) throws Exception {
        RunLedger ledger = ctx.ledger();
        long migrationId = ctx.migration().id();
        ledger.markInterrupted(migrationId);
        List<RunLedger.OpenRun> open = ledger.running(migrationId);
        if (!open.isEmpty()) {
            RunLedger.OpenRun r = open.get(0);
            return new Outcome(0, "refused", Map.of(), List.of(), List.of(), List.of(), "run " + r.id() + " (" + r.kind()
                    + ") is still running on " + r.host() + " as process " + r.pid() + "; let it finish or stop it first",
                    List.of(), List.of());
        }
        long runId = ledger.start(migrationId, "rollback", "pre-existing children: " + mode.name().toLowerCase()
                + (schema ? "; schema" : ""));
        RollbackRun run = new RollbackRun(ctx, dv, runId, mode, schema);
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
                run.stoppedBecause(), run.schemaRemoved(), run.schemaKept());
    }
}
