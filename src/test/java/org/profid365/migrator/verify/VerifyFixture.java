package org.profid365.migrator.verify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadFixture;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.MappingProposer;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.mapping.TargetMetadata;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.sim.ExportGenerator;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.StagedOrg;

/**
 * Everything before the first record moves, as an operator does it (after load's LoadFixture), with the mapping that
 * {@code propose-map} writes for the export, so that its custom fields are mapped too: a generated export staged into
 * a fresh embedded database, a simulated org with the coaches' users and currencies, owners resolved, the proposed
 * mapping approved, the schema provisioned.
 */
final class VerifyFixture implements AutoCloseable {

    static final String FALLBACK = "migration.owner@test.example";
    static final String NAMESPACE = "5c1d7e2a-9b3f-4e8d-a6c2-1f0e9d8b7a65";

    final Path work;
    final Path mappingFile;
    final DataverseSimulator sim;
    final MigratorConfig config;
    final Map<String, String> settings;
    final MigratorContext ctx;
    final CamelRuntime camel;
    final DataverseConnection dv;
    final MappingLoader.LoadedMapping mapping;

    private VerifyFixture(Path work, Path mappingFile, DataverseSimulator sim, MigratorConfig config,
                          Map<String, String> settings, MigratorContext ctx, CamelRuntime camel, DataverseConnection dv,
                          MappingLoader.LoadedMapping mapping) {
        this.work = work;
        this.mappingFile = mappingFile;
        this.sim = sim;
        this.config = config;
        this.settings = settings;
        this.ctx = ctx;
        this.camel = camel;
        this.dv = dv;
        this.mapping = mapping;
    }

    static VerifyFixture start(Path tmp, int clients, long seed, String... extra) throws Exception {
        Path export = tmp.resolve("export");
        new ExportGenerator(clients, seed).writeTo(export);
        DataverseSimulator sim = DataverseSimulator.start(DataverseSimOptions.defaults().keyActivationDelayMillis(20));
        Path mappingFile = tmp.resolve("mapping.yaml");
        Map<String, String> s = LoadFixture.settings(tmp, TestDatabase.newDatabaseUrl(), NAMESPACE, sim, mappingFile, extra);
        MigratorConfig config = MigratorConfig.of(s);
        MigratorContext ctx = MigratorContext.open(config);
        new ExportStager(ctx).stage(export);
        StagedOrg.seed(ctx.store().dataSource(), ctx.migration().id(), sim, FALLBACK);
        CamelRuntime camel = CamelRuntime.start(ctx, Map.of());
        DataverseConnection dv = DataverseConnection.open(camel.context(), config);
        dv.startUp();
        new OwnerResolver(ctx, dv.reader()).resolve();
        Files.writeString(mappingFile, MappingLoader.toYaml(new MappingProposer(ctx, TargetMetadata.of(dv.metadata())).propose()),
                StandardCharsets.UTF_8);
        MappingLoader.LoadedMapping mapping = MappingLoader.load(mappingFile);
        new MappingApprovals(ctx).approve(mapping, "test");
        SchemaProvisioner.of(dv, mapping.mapping(), Edition.SALES_PROFESSIONAL, new SchemaChanges(ctx.store().dataSource(), ctx.migration().id())).apply();
        return new VerifyFixture(tmp.resolve("work"), mappingFile, sim, config, s, ctx, camel, dv, mapping);
    }

    /** The same settings as {@code -Dkey=value} options for the command line, then the command's arguments. */
    String[] cli(String... args) {
        List<String> out = new ArrayList<>();
        settings.forEach((k, v) -> out.add("-D" + k + "=" + v));
        out.addAll(List.of(args));
        return out.toArray(String[]::new);
    }

    @Override
    public void close() {
        dv.close();
        camel.close();
        ctx.close();
        sim.close();
    }
}
