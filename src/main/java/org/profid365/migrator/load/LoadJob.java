package org.profid365.migrator.load;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
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
        return run(kind, "mapping " + mapping.sha256(), camel, ctx, dv, mapping, out, null, writer);
    }

    /** What a sample run did: the load, and the records it was restricted to. */
    public record SampleOutcome(Outcome load, SampleSelector.Selection selection) {
    }

    /**
     * A sample run (kind {@code sample}): opens the run, picks a representative sample of about {@code size} records
     * with referential closure ({@link SampleSelector}, kept in run_sample), then sends the run through the same route
     * as a full load with its workers restricted to the sample. The records of a kept sample are not written again
     * by a later full run (same ids, same content hash).
     */
    public static SampleOutcome runSample(CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                                          MappingLoader.LoadedMapping mapping, int size, PrintStream out) throws Exception {
        SampleSelector.Selection[] chosen = new SampleSelector.Selection[1];
        Outcome o = run("sample", "mapping " + mapping.sha256() + "; sample of about " + size + " records", camel, ctx, dv,
                mapping, out, (runner, runId) -> {
                    try (Connection c = ctx.store().connection()) {
                        chosen[0] = new SampleSelector(ctx.migration().id(), mapping.mapping()).select(c, runId, size);
                    }
                    runner.restrictToSample(runId);
                    out.println(chosen[0].summary());
                }, TableWriter.bulk(dv.bulkWriter()));
        return new SampleOutcome(o, chosen[0]);
    }

    /** Done between opening the run in the ledger and its first stage. */
    private interface BeforeStages {
        void prepare(LoadRunner runner, long runId) throws Exception;
    }

    private static Outcome run(String kind, String detail, CamelRuntime camel, MigratorContext ctx, DataverseConnection dv,
                               MappingLoader.LoadedMapping mapping, PrintStream out, BeforeStages before, TableWriter writer)
            throws Exception {
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
                long runId = runner.begin(kind, detail);
                out.println("Run " + runId + " (" + kind + "): loading in the order of the object map");
                try {
                    if (before != null) {
                        before.prepare(runner, runId);
                    }
                    camel.template().requestBody("direct:migrate-full", runId);
                } catch (Exception e) {
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

    /**
     * Loads every pending record through the route {@code migrate-full} under a run the caller opened and closes (a
     * delta). A route failure is thrown; records that could not land are in the progress' counters.
     */
    public static LoadProgress runWithin(long runId, String kind, CamelContext camel, MigratorContext ctx,
                                         DataverseConnection dv, MappingLoader.LoadedMapping mapping, PrintStream out)
            throws Exception {
        try (LoadContext load = LoadContext.open(ctx, dv, mapping)) {
            try (Connection c = ctx.store().connection()) {
                out.println("Entitlement: " + EntitlementEstimate.of(c, ctx.migration().id(),
                        ctx.config().getLong("dataverse.entitlement.daily-requests", 500_000)).text());
            }
            LoadRoutes.Session session = LoadRoutes.Session.of(load);
            LoadRoutes routes = camel.getRegistry().lookupByNameAndType("load", LoadRoutes.class);
            routes.open(session);
            LoadRunner runner = session.runner();
            String status = "failed";
            try {
                runner.join(runId, kind);
                try (ProducerTemplate template = camel.createProducerTemplate()) {
                    template.requestBody("direct:migrate-full", runId);
                }
                status = "succeeded";
                return runner.progress();
            } finally {
                runner.leave(status);
                routes.close(session);
            }
        }
    }
}
