package org.profid365.migrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.HostAddresses;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;

/** How serve opens the API: token rules, its own port, and the one-shot commands leaving it out. */
class ApiServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;
    MigratorContext ctx;
    CamelRuntime camel;
    int port;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.close();
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    private MigratorContext context(Map<String, String> settings) throws Exception {
        port = HostAddresses.freePort();
        Map<String, String> s = new HashMap<>(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(), "migrator.db.user", "postgres",
                "migrator.work-dir", tmp.resolve("work").toString(), "migrator.api.port", Integer.toString(port),
                "migrator.management.port", Integer.toString(HostAddresses.freePort()), "migrator.inbox.poll-delay-ms", "60000"));
        s.putAll(settings);
        ctx = MigratorContext.open(MigratorConfig.of(s));
        return ctx;
    }

    @Test
    void without_a_token_the_api_refuses_to_listen_beyond_loopback() throws Exception {
        context(Map.of("migrator.api.host", "0.0.0.0"));

        assertThatThrownBy(() -> camel = CamelRuntime.startService(ctx)).isInstanceOf(ConfigurationException.class)
                .hasMessage("migrator.api.token (MIGRATOR_API_TOKEN) is not set: the API refuses to listen on 0.0.0.0 without "
                        + "a token. Set a token (openssl rand -hex 32), or keep migrator.api.host on 127.0.0.1");
    }

    @Test
    void a_token_shorter_than_sixteen_characters_is_refused() throws Exception {
        context(Map.of("migrator.api.token", "letmein"));

        assertThatThrownBy(() -> camel = CamelRuntime.startService(ctx)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("shorter than 16 characters");
    }

    @Test
    void with_a_token_the_api_listens_on_the_configured_address() throws Exception {
        context(Map.of("migrator.api.host", "0.0.0.0", "migrator.api.token", ApiFixture.TOKEN));
        camel = CamelRuntime.startService(ctx);

        assertThat(get("/api/runs", ApiFixture.TOKEN).statusCode()).isEqualTo(200);
        if (HostAddresses.nonLoopback().isPresent()) {
            HttpResponse<String> lan = HTTP.send(HttpRequest.newBuilder(URI.create("http://"
                    + HostAddresses.nonLoopback().get().getHostAddress() + ":" + port + "/api/runs")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(lan.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void without_a_token_on_loopback_serve_makes_one_and_leaves_it_for_its_user_only() throws Exception {
        context(Map.of());
        camel = CamelRuntime.startService(ctx);

        Path file = tmp.resolve("work/api-token");
        String token = Files.readString(file).strip();

        assertThat(token).hasSize(64);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(get("/api/runs", token).statusCode()).isEqualTo(200);
        assertThat(get("/api/runs", null).statusCode()).isEqualTo(401);
        assertThat(ApiServer.banner(ctx.config())).isEqualTo("REST API and console: http://127.0.0.1:" + port
                + "/console/ (token: made at start, in " + file + ")");
    }

    @Test
    void the_api_and_the_management_port_need_a_port_each() throws Exception {
        context(Map.of("migrator.api.token", ApiFixture.TOKEN));
        MigratorContext shared = ctx;
        ctx = null;
        shared.close();
        context(Map.of("migrator.api.token", ApiFixture.TOKEN, "migrator.management.port", "18765", "migrator.api.port", "18765"));

        assertThatThrownBy(() -> camel = CamelRuntime.startService(ctx)).isInstanceOf(ConfigurationException.class)
                .hasMessage("migrator.api.port and migrator.management.port are both 18765: the API and the management port need a port each");
    }

    @Test
    void one_shot_commands_leave_the_api_routes_out_and_open_no_port() throws Exception {
        context(Map.of("migrator.api.token", ApiFixture.TOKEN));
        camel = CamelRuntime.start(ctx, Map.of());

        assertThat(camel.context().getRoutes()).extracting(Route::getRouteId).noneMatch(id -> id.startsWith("api-"))
                .contains("profi-inbox", "migrate-full");
        assertThatThrownBy(() -> get("/api/runs", ApiFixture.TOKEN)).isInstanceOf(ConnectException.class);
    }

    @Test
    void serve_can_run_without_the_api() throws Exception {
        context(Map.of("migrator.api.enabled", "false", "migrator.api.host", "0.0.0.0"));
        camel = CamelRuntime.startService(ctx);

        assertThat(camel.context().getRoutes()).extracting(Route::getRouteId).noneMatch(id -> id.startsWith("api-"));
        assertThatThrownBy(() -> get("/api/runs", ApiFixture.TOKEN)).isInstanceOf(ConnectException.class);
        assertThat(ApiServer.banner(ctx.config())).isEqualTo("REST API and console: off (migrator.api.enabled=false)");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
