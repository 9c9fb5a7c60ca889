package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.config.ConfigurationException;

/**
 * MSAL cannot be exercised end to end here (no network; msal4j insists on an https authority), so these tests
 * check what is built: authority, scope and which credential the settings chose. Nothing is sent to Entra ID.
 */
class MsalTokenSourceTest {

    private static final URI ENV = URI.create("https://contoso.crm4.dynamics.com");

    private static AppUserSettings secretUser(String tenant, String authority) {
        return new AppUserSettings("default", "11111111-2222-3333-4444-555555555555", tenant, authority, "s3cret",
                null, null, null);
    }

    @Test
    void authority_is_built_from_the_tenant_and_the_scope_from_the_environment() {
        MsalTokenSource source = MsalTokenSource.create(secretUser("contoso-tenant", null), ENV, Duration.ofSeconds(5));

        assertThat(source.authority()).isEqualTo("https://login.microsoftonline.com/contoso-tenant/");
        assertThat(source.scope()).isEqualTo("https://contoso.crm4.dynamics.com/.default");
        assertThat(source.credential()).isEqualTo(AppUserSettings.Credential.CLIENT_SECRET);
        assertThat(source.clientId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(source.toString()).doesNotContain("s3cret");
    }

    @Test
    void a_full_authority_url_wins_over_the_tenant() {
        MsalTokenSource source = MsalTokenSource.create(
                secretUser("ignored", "https://login.microsoftonline.com/other-tenant"), ENV, Duration.ofSeconds(5));

        assertThat(source.authority()).isEqualTo("https://login.microsoftonline.com/other-tenant/");
    }

    @Test
    void an_http_authority_is_refused_with_the_setting_named() {
        assertThatThrownBy(() -> MsalTokenSource.create(secretUser(null, "http://127.0.0.1:1/tenant"), ENV,
                Duration.ofSeconds(5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("authority");
    }

    @Test
    void a_certificate_path_chooses_the_certificate_credential(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("app.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=migrator-test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(p12)).isTrue();

        AppUserSettings user = new AppUserSettings("a", "cid", "tid", null, null, p12, "changeit", null);
        MsalTokenSource source = MsalTokenSource.create(user, ENV, Duration.ofSeconds(5));

        assertThat(source.credential()).isEqualTo(AppUserSettings.Credential.CERTIFICATE);
        assertThat(TokenSource.forUser(user, ENV, Duration.ofSeconds(5))).isInstanceOf(MsalTokenSource.class);

        AppUserSettings wrongPassword = new AppUserSettings("a", "cid", "tid", null, null, p12, "nope", null);
        assertThatThrownBy(() -> MsalTokenSource.create(wrongPassword, ENV, Duration.ofSeconds(5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PKCS#12")
                .hasMessageNotContaining("nope");
    }

    @Test
    void a_missing_certificate_file_is_named() {
        AppUserSettings user = new AppUserSettings("a", "cid", "tid", null, null, Path.of("/no/such.p12"), "x", null);

        assertThatThrownBy(() -> MsalTokenSource.create(user, ENV, Duration.ofSeconds(5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/no/such.p12");
    }

    @Test
    void a_fixed_token_source_is_chosen_for_a_pre_issued_token_and_hides_it() {
        AppUserSettings user = new AppUserSettings("default", null, null, null, null, null, null, "eyJhbGciOi");

        TokenSource source = TokenSource.forUser(user, ENV, Duration.ofSeconds(5));

        assertThat(source).isInstanceOf(FixedTokenSource.class);
        assertThat(source.token()).isEqualTo("eyJhbGciOi");
        assertThat(source.toString()).doesNotContain("eyJ");
    }
}
