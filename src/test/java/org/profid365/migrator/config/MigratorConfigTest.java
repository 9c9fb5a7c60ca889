package org.profid365.migrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratorConfigTest {

    @TempDir
    Path tmp;

    @Test
    void config_file_then_environment_then_system_properties_override_the_defaults() throws Exception {
        Path file = Files.writeString(tmp.resolve("site.properties"),
                "migrator.work-dir=/from/file\nprofi.api.page-size=250\nmigrator.staging.batch-size=10\n");
        Properties system = new Properties();
        system.setProperty("migrator.staging.batch-size", "20");
        system.setProperty("user.home", "/ignored"); // not ours: never copied in

        MigratorConfig c = MigratorConfig.load(file, Map.of("MIGRATOR_WORK_DIR", "/from/env", "PROFI_SOURCE", "https://api.example"),
                system);

        assertThat(c.get("profi.api.page-size")).isEqualTo("250");          // file over the bundled 500
        assertThat(c.workDir()).isEqualTo(Path.of("/from/env"));           // environment over the file
        assertThat(c.get("migrator.staging.batch-size")).isEqualTo("20");  // -D over everything
        assertThat(c.get("profi.source")).isEqualTo("https://api.example");
        assertThat(c.get("user.home")).isNull();
        assertThat(c.get("camel.component.http.automatic-retries-disabled")).isEqualTo("true"); // bundled default
    }

    @Test
    void every_documented_environment_variable_names_a_setting_of_application_properties() throws Exception {
        String defaults = Files.readString(Path.of("application.properties"));

        assertThat(MigratorConfig.ENVIRONMENT).hasSize(20);
        MigratorConfig.ENVIRONMENT.values().forEach(key -> assertThat(defaults).contains("\n" + key + "="));
    }

    @Test
    void a_missing_config_file_and_a_bad_number_are_clear_configuration_errors() {
        assertThatThrownBy(() -> MigratorConfig.load(tmp.resolve("nope.properties"), Map.of(), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nope.properties does not exist");
        MigratorConfig c = MigratorConfig.of(Map.of("migrator.db.pool-size", "many"));
        assertThatThrownBy(() -> c.getInt("migrator.db.pool-size", 8))
                .hasMessage("Setting migrator.db.pool-size must be a whole number, not 'many'");
        assertThatThrownBy(() -> MigratorConfig.of(Map.of()).require("dataverse.url"))
                .hasMessage("Setting dataverse.url (environment variable DATAVERSE_URL) is required");
    }

    @Test
    void passwords_secrets_and_tokens_are_secret_whatever_the_user() {
        assertThat(MigratorConfig.isSecret("dataverse.app-user.b.client-secret")).isTrue();
        assertThat(MigratorConfig.isSecret("dataverse.client.certificate-password")).isTrue();
        assertThat(MigratorConfig.isSecret("profi.api.token")).isTrue();
        assertThat(MigratorConfig.isSecret("profi.api.page-size")).isFalse();
    }
}
