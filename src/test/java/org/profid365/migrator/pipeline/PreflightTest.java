package org.profid365.migrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

class PreflightTest {

    @TempDir
    Path tmp;

    @Test
    void every_failure_is_listed_at_once_and_the_run_may_write_once_all_are_fixed() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        Path file = Files.writeString(tmp.resolve("mapping.yaml"), MappingLoader.toYaml(MappingLoader.defaultMapping()));
        try (DataverseSimulator sim = DataverseSimulator.start(DataverseSimOptions.defaults().keyActivationDelayMillis(50));
             MigratorContext ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                     "migrator.db.user", "postgres")))) {
            new ExportStager(ctx).stage(export);
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.start();
            try (DataverseConnection dv = DataverseConnection.open(camel, MigratorConfig.of(Map.of(
                    "dataverse.url", sim.baseUrl().toString(), "dataverse.token", sim.issueToken("migration"),
                    "dataverse.client.key-poll-interval-ms", "20")))) {
                MappingLoader.LoadedMapping mapping = MappingLoader.load(file);

                Preflight.Result first = Preflight.check(ctx, dv, mapping, Edition.SALES_PROFESSIONAL);

                assertThat(first.ok()).isFalse();
                assertThat(first.failures()).hasSize(3);
                assertThat(first.failures().get(0)).contains("has not been approved");
                assertThat(first.failures().get(1)).startsWith("the target schema is not in place: 3 table(s)")
                        .endsWith("run schema --apply");
                assertThat(first.failures().get(2)).contains("anna@coach.example");

                new MappingApprovals(ctx).approve(mapping, "test");
                SchemaProvisioner.of(dv, mapping.mapping(), Edition.SALES_PROFESSIONAL, new SchemaChanges(ctx.store().dataSource(), ctx.migration().id())).apply();
                sim.addSystemUser("anna@coach.example", "Anna Berg", false);

                assertThat(Preflight.check(ctx, dv, mapping, Edition.SALES_PROFESSIONAL).failures()).isEmpty();
            } finally {
                camel.close();
            }
        }
    }
}
