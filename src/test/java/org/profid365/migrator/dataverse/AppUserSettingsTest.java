package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;

class AppUserSettingsTest {

    private static MigratorConfig config(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return MigratorConfig.of(m);
    }

    @Test
    void without_a_list_the_single_dataverse_user_is_used() {
        List<AppUserSettings> users = AppUserSettings.from(config(
                "dataverse.client-id", "cid", "dataverse.tenant-id", "tid", "dataverse.client-secret", "s3cret"));

        assertThat(users).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("default");
            assertThat(u.credential()).isEqualTo(AppUserSettings.Credential.CLIENT_SECRET);
            assertThat(u.authorityUrl()).isEqualTo("https://login.microsoftonline.com/tid/");
            assertThat(u.toString()).doesNotContain("s3cret");
        });
    }

    @Test
    void listed_users_have_their_own_credentials_and_share_the_tenant() {
        List<AppUserSettings> users = AppUserSettings.from(config(
                "dataverse.tenant-id", "shared-tenant",
                "dataverse.app-users", "a, b",
                "dataverse.app-user.a.client-id", "cid-a",
                "dataverse.app-user.a.client-secret", "secret-a",
                "dataverse.app-user.b.client-id", "cid-b",
                "dataverse.app-user.b.certificate-path", "/etc/b.p12",
                "dataverse.app-user.b.authority", "https://login.microsoftonline.us/other"));

        assertThat(users).extracting(AppUserSettings::name).containsExactly("a", "b");
        assertThat(users.get(0).authorityUrl()).isEqualTo("https://login.microsoftonline.com/shared-tenant/");
        assertThat(users.get(1).credential()).isEqualTo(AppUserSettings.Credential.CERTIFICATE);
        assertThat(users.get(1).authorityUrl()).isEqualTo("https://login.microsoftonline.us/other/");
    }

    @Test
    void a_pre_issued_token_needs_no_app_registration() {
        List<AppUserSettings> users = AppUserSettings.from(config("dataverse.token", "eyJ0"));

        assertThat(users.get(0).credential()).isEqualTo(AppUserSettings.Credential.FIXED_TOKEN);
    }

    @Test
    void a_user_without_credential_or_with_two_is_refused_at_start_up() {
        assertThatThrownBy(() -> AppUserSettings.from(config("dataverse.client-id", "cid")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATAVERSE_CLIENT_SECRET");
        assertThatThrownBy(() -> AppUserSettings.from(config("dataverse.app-users", "x",
                "dataverse.app-user.x.client-id", "c", "dataverse.app-user.x.client-secret", "s",
                "dataverse.app-user.x.certificate-path", "/x.p12")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> AppUserSettings.from(config("dataverse.app-users", "a,a",
                "dataverse.app-user.a.token", "t")))
                .hasMessageContaining("twice");
    }
}
