package org.profid365.migrator.load;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.Map;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;

/**
 * One load run from start to end, as the CLI and the REST API start it: read the run's context, estimate the
 * entitlement, open the run in the ledger, send it through the route {@code migrate-full}, close it. The caller has
 * run the preflight. A run that is killed leaves its records pending (or sent, in id_map); the next run resumes.
 */
public final class LoadJob {

    /** What a run did. */
    public record Outcome(long runId, String status, long landed, long rejected, EntitlementEstimate estimate,
                          Map<String, Object> counters) {
    }

    private LoadJob() {
    }

    public static Outcome runFull(CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                                  MappingLoader.LoadedMapping mapping, PrintStream out) throws Exception {
        return run("full", camel, ctx, dv, mapping, out);
    }

    /** A run of {@code kind} ({@code full}, {@code replay}, {@code delta}) through the route {@code migrate-full}. */
    public static Outcome run(String kind, CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                                  MappingLoader.LoadedMapping mapping, PrintStream out) throws Exception {
        return run(kind, camel, ctx, dv, mapping, out, TableWriter.bulk(dv.bulkWriter()));
    }

    /** A run whose writes go through {@code writer} instead of the bulk writer (the benchmark's baseline). */
    public static Outcome run(String kind, CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                              MappingLoader.LoadedMapping mapping, PrintStream out, TableWriter writer) throws Exception {
        try (LoadContext load = LoadContext.open(ctx, dv, mapping)) {
            EntitlementEstimate estimate;
            try (Connection c = ctx.store().connection()) {
                estimate = EntitlementEstimate.of(c, ctx.migration().id(),
                        ctx.config().getLong("dataverse.entitlement.daily-requests", 500_000));
            }
            out.println("Entitlement: " + estimate.text());
            LoadRoutes.Session session = LoadRoutes.Session.of(load, writer);
            LoadRoutes routes = camel.loadRoutes();
            routes.open(session);
            LoadRunner runner = session.runner();
            try {
                long runId = runner.begin(kind, "mapping " + mapping.sha256());
                out.println("Run " + runId + " (" + kind + "): loading in the order of the object map");
                try {
                    camel.template().requestBody("direct:migrate-full", runId);
                } catch (RuntimeException e) {
                    runner.finish("failed");
                    throw e;
                }
                runner.finish("succeeded");
                LoadProgress p = runner.progress();
                return new Outcome(runId, "succeeded", p.landed(), p.rejected(), estimate, p.counters());
            } finally {
                routes.close(session);
            }
        }
    }
}
