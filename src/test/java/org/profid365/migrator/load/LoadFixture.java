package org.profid365.migrator.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.OwnerResolver;
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
 * Everything before the first record moves, as an operator does it: a generated export staged into a fresh
 * embedded database, a simulated org with the coaches' users and the business's currencies, owners resolved, the
 * default mapping approved, the schema provisioned. Then {@link #load()} runs the full load through the routes.
 * Shared with the rollback tests, which undo such a load.
 */
public final class LoadFixture implements AutoCloseable {

    public static final String FALLBACK = "migration.owner@test.example";
    public static final String NAMESPACE = "3b8f0c1e-5a2d-4c6e-9f1a-7d2e4b6c8a0f";

    public final Path export;
    public final Map<String, String> settings;
    public final String dbUrl;
    public final Path mappingFile;
    public final DataverseSimulator sim;
    public final MigratorConfig config;
    public final MigratorContext ctx;
    public final CamelRuntime camel;
    public final DataverseConnection dv;
    public final MappingLoader.LoadedMapping mapping;

    private LoadFixture(Path export, Map<String, String> settings, String dbUrl, Path mappingFile, DataverseSimulator sim,
                        MigratorConfig config, MigratorContext ctx, CamelRuntime camel, DataverseConnection dv,
                        MappingLoader.LoadedMapping mapping) {
        this.export = export;
        this.settings = Map.copyOf(settings);
        this.dbUrl = dbUrl;
        this.mappingFile = mappingFile;
        this.sim = sim;
        this.config = config;
        this.ctx = ctx;
        this.camel = camel;
        this.dv = dv;
        this.mapping = mapping;
    }

    /**
     * The settings of a migrator of a test fixture: its database, work directory under {@code tmp}, namespace, the
     * fallback owner, the mapping file and the simulated org, then {@code extra} (key, value, …) over them.
     */
    public static Map<String, String> settings(Path tmp, String db, String namespace, DataverseSimulator sim,
                                               Path mappingFile, String... extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("migrator.db.url", db);
        s.put("migrator.db.user", "postgres");
        s.put("migrator.work-dir", tmp.resolve("work").toString());
        s.put("migrator.migration.namespace", namespace);
        s.put("migrator.owners.fallback", FALLBACK);
        s.put("migrator.mapping.file", mappingFile.toString());
        s.put("dataverse.url", sim.baseUrl().toString());
        s.put("dataverse.token", sim.issueToken("migration"));
        s.put("dataverse.client.key-poll-interval-ms", "20");
        for (int i = 0; i < extra.length; i += 2) {
            s.put(extra[i], extra[i + 1]);
        }
        return s;
    }

    /** A generated export of {@code clients} clients, staged and ready to load; {@code settings} are extra key/values. */
    public static LoadFixture start(Path tmp, int clients, long seed, DataverseSimOptions options, String... settings) throws Exception {
        return start(tmp, clients, seed, options, m -> m, (sim, ctx, dv) -> { }, settings);
    }

    /** Something to do to the simulated org after it is seeded and before the load (pre-existing records). */
    public interface OrgSetUp {
        void apply(DataverseSimulator sim, MigratorContext ctx, DataverseConnection dv) throws Exception;
    }

    /**
     * As {@link #start(Path, int, long, DataverseSimOptions, String...)}, with the default mapping edited by
     * {@code editMapping} before it is approved, and {@code org} run once the org is seeded.
     */
    public static LoadFixture start(Path tmp, int clients, long seed, DataverseSimOptions options,
                             java.util.function.UnaryOperator<org.profid365.migrator.mapping.MappingFile> editMapping, OrgSetUp org,
                             String... settings) throws Exception {
        Files.writeString(tmp.resolve("mapping.yaml"), MappingLoader.toYaml(editMapping.apply(MappingLoader.defaultMapping())));
        return start(tmp, generated(tmp.resolve("export"), clients, seed), options, org, settings);
    }

    /** The generated export of {@code clients} clients in {@code dir}, written unless it is there already. */
    static Path generated(Path dir, int clients, long seed) throws Exception {
        if (!Files.exists(dir.resolve("manifest.json"))) {
            new ExportGenerator(clients, seed).writeTo(dir);
        }
        return dir;
    }

    /**
     * The same for a given export (fixtures may share one); the mapping is {@code tmp/mapping.yaml} if the test
     * wrote one there, else the bundled default.
     */
    static LoadFixture start(Path tmp, Path export, DataverseSimOptions options, String... settings) throws Exception {
        return start(tmp, export, options, (sim, ctx, dv) -> { }, settings);
    }

    private static LoadFixture start(Path tmp, Path export, DataverseSimOptions options, OrgSetUp org, String... settings)
            throws Exception {
        DataverseSimulator sim = DataverseSimulator.start(options);
        String db = TestDatabase.newDatabaseUrl();
        Path mappingFile = tmp.resolve("mapping.yaml");
        if (!Files.exists(mappingFile)) {
            Files.writeString(mappingFile, MappingLoader.toYaml(MappingLoader.defaultMapping()));
        }
        Map<String, String> s = settings(tmp, db, NAMESPACE, sim, mappingFile, settings);
        MigratorConfig config = MigratorConfig.of(s);
        MigratorContext ctx = MigratorContext.open(config);
        new ExportStager(ctx).stage(export);
        StagedOrg.seed(ctx.store().dataSource(), ctx.migration().id(), sim, FALLBACK);
        CamelRuntime camel = CamelRuntime.start(ctx, Map.of());
        DataverseConnection dv = DataverseConnection.open(camel.context(), config);
        dv.startUp();
        org.apply(sim, ctx, dv);
        new OwnerResolver(ctx, dv.reader()).resolve();
        MappingLoader.LoadedMapping mapping = MappingLoader.load(mappingFile);
        new MappingApprovals(ctx).approve(mapping, "test");
        SchemaProvisioner.of(dv, mapping.mapping(), Edition.SALES_PROFESSIONAL, new SchemaChanges(ctx.store().dataSource(), ctx.migration().id())).apply();
        return new LoadFixture(export, s, db, mappingFile, sim, config, ctx, camel, dv, mapping);
    }

    /**
     * The first column of the first row of {@code sql} as a number; every {@code ?} is this fixture's migration id.
     * Unchecked, so conditions polled from lambdas can ask it too.
     */
    public long count(String sql) {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setLong(i, ctx.migration().id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The load state of one staged record ({@code pending}, {@code loaded}, …); null when it is not staged. */
    public String loadState(String objectType, String profiId) {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select load_state from staged_with_state where migration_id = ? and object_type = ? and profi_id = ?")) {
            ps.setLong(1, ctx.migration().id());
            ps.setString(2, objectType);
            ps.setString(3, profiId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the load state of " + objectType + " " + profiId + ": "
                    + e.getMessage(), e);
        }
    }

    public LoadJob.Outcome load() throws Exception {
        return LoadJob.runFull(camel, ctx, dv, mapping, System.out);
    }

    @Override
    public void close() {
        dv.close();
        camel.close();
        ctx.close();
        sim.close();
    }
}
