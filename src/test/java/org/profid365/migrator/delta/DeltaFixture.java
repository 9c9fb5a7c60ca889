package org.profid365.migrator.delta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.profid365.migrator.SqlRows;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadFixture;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.StagedOrg;

/**
 * A migration that has had its full run, as an operator leaves it before the cutover window: an export staged into a
 * fresh embedded database, a simulated org with the coaches' users and currencies, owners resolved, the default
 * mapping approved, the schema provisioned, every record loaded. Then {@link #delta} runs deltas through the routes.
 */
final class DeltaFixture implements AutoCloseable {

    static final String FALLBACK = "migration.owner@test.example";
    static final String NAMESPACE = "3b8f0c1e-5a2d-4c6e-9f1a-7d2e4b6c8a0f";

    final Path tmp;
    final Map<String, String> settings;
    final DataverseSimulator sim;
    final MigratorConfig config;
    final MigratorContext ctx;
    final CamelRuntime camel;
    final DataverseConnection dv;
    final MappingLoader.LoadedMapping mapping;

    private DeltaFixture(Path tmp, Map<String, String> settings, DataverseSimulator sim, MigratorConfig config,
                         MigratorContext ctx, CamelRuntime camel, DataverseConnection dv, MappingLoader.LoadedMapping mapping) {
        this.tmp = tmp;
        this.settings = settings;
        this.sim = sim;
        this.config = config;
        this.ctx = ctx;
        this.camel = camel;
        this.dv = dv;
        this.mapping = mapping;
    }

    /** Something done to the seeded org before the full load (records that were in Dynamics before). */
    interface OrgSetUp {
        void apply(DataverseSimulator sim, DataverseConnection dv) throws Exception;
    }

    /** {@code export} staged (an export directory, or an API URL through the route) and fully loaded. */
    static DeltaFixture start(Path tmp, String export, DataverseSimOptions options, String... settings) throws Exception {
        return start(tmp, export, options, m -> m, (sim, dv) -> { }, settings);
    }

    /** As above, with the default mapping edited before approval and {@code org} run before the full load. */
    static DeltaFixture start(Path tmp, String export, DataverseSimOptions options, UnaryOperator<MappingFile> editMapping,
                              OrgSetUp org, String... settings) throws Exception {
        return start(tmp, export, options, editMapping, org, 0, settings);
    }

    /** As above, with a sample run of about {@code sampleFirst} records (0: none) before the full load. */
    static DeltaFixture start(Path tmp, String export, DataverseSimOptions options, UnaryOperator<MappingFile> editMapping,
                              OrgSetUp org, int sampleFirst, String... settings) throws Exception {
        DataverseSimulator sim = DataverseSimulator.start(options.keyActivationDelayMillis(20).logRequestBodies(true));
        Path mappingFile = Files.writeString(tmp.resolve("mapping.yaml"),
                MappingLoader.toYaml(editMapping.apply(MappingLoader.defaultMapping())));
        Map<String, String> all = LoadFixture.settings(tmp, TestDatabase.newDatabaseUrl(), NAMESPACE, sim, mappingFile, settings);
        MigratorConfig config = MigratorConfig.of(all);
        MigratorContext ctx = MigratorContext.open(config);
        CamelRuntime camel = CamelRuntime.start(ctx, Map.of());
        if (export.startsWith("http")) {
            camel.template().requestBodyAndHeader("direct:profi-api-pull", null, "profiSource", export);
        } else {
            new ExportStager(ctx).stage(Path.of(export));
        }
        StagedOrg.seed(ctx.store().dataSource(), ctx.migration().id(), sim, FALLBACK);
        DataverseConnection dv = DataverseConnection.open(camel.context(), config);
        dv.startUp();
        org.apply(sim, dv);
        new OwnerResolver(ctx, dv.reader()).resolve();
        MappingLoader.LoadedMapping mapping = MappingLoader.load(mappingFile);
        new MappingApprovals(ctx).approve(mapping, "test");
        SchemaProvisioner.of(dv, mapping.mapping(), Edition.SALES_PROFESSIONAL, new SchemaChanges(ctx.store().dataSource(), ctx.migration().id())).apply();
        DeltaFixture f = new DeltaFixture(tmp, all, sim, config, ctx, camel, dv, mapping);
        if (sampleFirst > 0) {
            LoadJob.Outcome sample = LoadJob.runSample(camel, ctx, dv, mapping, sampleFirst, System.out).load();
            if (sample.rejected() > 0 || sample.landed() == 0) {
                throw new IllegalStateException("the fixture's sample landed " + sample.landed() + " and rejected "
                        + sample.rejected() + " records");
            }
        }
        LoadJob.Outcome full = LoadJob.runFull(camel, ctx, dv, mapping, System.out);
        if (full.rejected() > 0) {
            throw new IllegalStateException("the fixture's full load rejected " + full.rejected() + " records: "
                    + f.rows("select reason from dead_letter"));
        }
        return f;
    }

    /** One delta through the route delta-run, as the cron and the command send it. */
    DeltaRun delta(String source) {
        Exchange ex = camel.template().request("direct:delta-run", e -> {
            if (source != null) {
                e.getIn().setHeader(DeltaJob.SOURCE_HEADER, source);
            }
        });
        DeltaRun run = ex.getProperty(DeltaJob.RUN, DeltaRun.class);
        if (ex.getException() != null) {
            throw new DeltaFailed(run, ex.getException());
        }
        return run;
    }

    /** A delta whose route failed, with what it had done. */
    static final class DeltaFailed extends RuntimeException {
        final transient DeltaRun run;

        DeltaFailed(DeltaRun run, Throwable cause) {
            super(cause.getMessage(), cause);
            this.run = run;
        }
    }

    /** The command line {@code args} with this fixture's settings as -D options before them. */
    String[] cli(String... args) {
        List<String> out = new java.util.ArrayList<>();
        settings.forEach((k, v) -> out.add("-D" + k + "=" + v));
        out.addAll(List.of(args));
        return out.toArray(String[]::new);
    }

    /** The write requests (not GET) the org answered from request {@code from} on, as "METHOD path". */
    List<DataverseRequestLog> writesSince(int from) {
        List<DataverseRequestLog> all = sim.requests();
        return all.subList(from, all.size()).stream().filter(r -> !r.method().equals("GET")).toList();
    }

    List<String> rows(String sql) throws Exception {
        return SqlRows.rows(ctx.store().dataSource(), sql);
    }

    long count(String sql) throws Exception {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        dv.close();
        camel.close();
        ctx.close();
        sim.close();
    }
}
