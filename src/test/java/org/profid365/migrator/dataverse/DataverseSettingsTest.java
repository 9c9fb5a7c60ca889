package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;

class DataverseSettingsTest {

    @Test
    void the_api_root_is_appended_to_an_environment_url() {
        DataverseSettings s = DataverseSettings.from(MigratorConfig.of(Map.of("dataverse.url",
                "https://contoso.crm4.dynamics.com")));

        assertThat(s.apiBaseUrl()).hasToString("https://contoso.crm4.dynamics.com/api/data/v9.2/");
        assertThat(s.environmentUrl()).hasToString("https://contoso.crm4.dynamics.com");
        assertThat(s.apiPath()).isEqualTo("/api/data/v9.2/");
    }

    @Test
    void a_url_that_already_names_the_api_is_kept() {
        DataverseSettings s = DataverseSettings.from(MigratorConfig.of(Map.of("dataverse.url",
                "http://127.0.0.1:8123/api/data/v9.2")));

        assertThat(s.apiBaseUrl()).hasToString("http://127.0.0.1:8123/api/data/v9.2/");
        assertThat(s.environmentUrl()).hasToString("http://127.0.0.1:8123");
    }

    @Test
    void the_documented_defaults_apply() {
        DataverseSettings s = DataverseSettings.from(MigratorConfig.of(Map.of("dataverse.url", "https://x.crm.dynamics.com")));

        assertThat(s.maxInFlightPerUser()).isEqualTo(52);
        assertThat(s.batchMaxParts()).isEqualTo(1000);
        assertThat(s.pageSize()).isEqualTo(5000);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.bypassBusinessLogic()).isNull();
        assertThat(s.suppressCallbackRegistrationExpanderJob()).isFalse();
        assertThat(s.publisherPrefix()).isEqualTo("profi");
    }

    @Test
    void more_than_52_in_flight_per_user_is_refused() {
        assertThatThrownBy(() -> DataverseSettings.from(MigratorConfig.of(Map.of("dataverse.url",
                "https://x.crm.dynamics.com", "dataverse.client.max-in-flight-per-user", "53"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("52");
        assertThatThrownBy(() -> DataverseSettings.from(MigratorConfig.of(Map.of("dataverse.url", "contoso"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATAVERSE_URL");
    }
}
