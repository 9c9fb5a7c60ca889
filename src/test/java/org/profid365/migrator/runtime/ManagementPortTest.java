package org.profid365.migrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.HostAddresses;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.ZipFixtureAccess;
import org.profid365.migrator.sim.ProfiApiSimulator;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

/** serve's management port over real HTTP: health checks against PostgreSQL and the simulators, Prometheus, JMX. */
class ManagementPortTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;
    DataverseSimulator dataverse;
    ProfiApiSimulator profi;
    MigratorContext ctx;
    CamelRuntime camel;
    int port;

    @BeforeEach
    void startDataverse() throws Exception {
        dataverse = DataverseSimulator.start(DataverseSimOptions.defaults());
        port = HostAddresses.freePort();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.close();
        }
        if (ctx != null) {
            ctx.close();
        }
        if (profi != null) {
            profi.close();
        }
        dataverse.close();
    }

    private void serve(Map<String, String> settings) throws Exception {
        Map<String, String> s = new HashMap<>(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(), "migrator.db.user", "postgres",
                "migrator.work-dir", tmp.resolve("work").toString(),
                "dataverse.url", dataverse.baseUrl().toString(), "dataverse.token", dataverse.issueToken("migration"),
                "migrator.management.port", Integer.toString(port),
                "migrator.inbox.poll-delay-ms", "100", "migrator.inbox.min-age-ms", "200",
                "migrator.api.enabled", "false")); // the REST API has tests of its own (api.RestApiTest)
        s.putAll(settings);
        ctx = MigratorContext.open(MigratorConfig.of(s));
        camel = CamelRuntime.startService(ctx);
    }

    @Test
    void health_is_up_and_lists_the_database_and_dataverse_checks() throws Exception {
        serve(Map.of());
        awaitInboxPolled();

        HttpResponse<String> health = get("/observe/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(checks(body)).containsEntry("database", "UP").containsEntry("dataverse", "UP")
                .doesNotContainKey("profi-api"); // profi.source is not an API here
    }

    @Test
    void the_dataverse_check_is_down_while_dataverse_does_not_answer() throws Exception {
        serve(Map.of());
        awaitInboxPolled();
        dataverse.close();

        HttpResponse<String> health = get("/observe/health");

        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(checks(body)).containsEntry("database", "UP").containsEntry("dataverse", "DOWN");
        assertThat(message(body, "dataverse")).startsWith("WhoAmI as application user 'default' failed: ")
                .doesNotContain(ctx.config().get("dataverse.token"));
        // liveness leaves out the outside world: a restart would not bring Dataverse back
        HttpResponse<String> live = get("/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(checks(JSON.readTree(live.body()))).doesNotContainKeys("database", "dataverse");
    }

    @Test
    void the_profi_api_check_follows_the_api_and_its_token() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        profi = ProfiApiSimulator.start(export, ProfiApiSimulator.Options.defaults("t0ken"));
        serve(Map.of("profi.source", profi.baseUrl().toString(), "profi.api.token", "wrong"));

        JsonNode body = healthListing("profi-api");

        assertThat(checks(body)).containsEntry("profi-api", "DOWN");
        assertThat(message(body, "profi-api")).isEqualTo("The Profi API answered the manifest request with HTTP 401");
        // one request per health answer that ran the check
        assertThat(profi.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.target()).isEqualTo("/v1/manifest"));
    }

    @Test
    void the_profi_api_check_is_up_with_the_right_token() throws Exception {
        Path export = ExportFixture.clean(tmp.resolve("export")).dir();
        profi = ProfiApiSimulator.start(export, ProfiApiSimulator.Options.defaults("t0ken"));
        serve(Map.of("profi.source", profi.baseUrl().toString(), "profi.api.token", "t0ken"));

        JsonNode body = healthListing("profi-api");

        assertThat(checks(body)).containsEntry("profi-api", "UP");
        assertThat(profi.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void prometheus_metrics_count_the_exchanges_of_a_shipped_route() throws Exception {
        serve(Map.of());
        String inbox = "{camelContext=\"profi-d365-migrator\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"profi-inbox\"}";
        assertThat(get("/observe/metrics").body().lines()).contains("camel_exchanges_total" + inbox + " 0.0");
        NotifyBuilder staged = new NotifyBuilder(camel.context()).fromRoute("profi-inbox").whenCompleted(1).create();

        Path zip = tmp.resolve("export.zip");
        ZipFixtureAccess.zip(ExportFixture.clean(tmp.resolve("export")).dir(), zip);
        Files.move(zip, Files.createDirectories(tmp.resolve("work/inbox")).resolve("export.zip"));
        assertThat(staged.matches(30, TimeUnit.SECONDS)).isTrue();
        // the meters are updated by their own event notifier, possibly just after the NotifyBuilder's
        await(() -> get("/observe/metrics").body().lines().anyMatch(l -> l.equals("camel_exchanges_total" + inbox + " 1.0")));

        HttpResponse<String> metrics = get("/observe/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body().lines()).contains("camel_exchanges_succeeded_total" + inbox + " 1.0",
                "camel_exchanges_failed_total" + inbox + " 0.0");
        assertThat(metrics.body()).contains("\njvm_memory_used_bytes{");
    }

    @Test
    void the_management_server_binds_loopback_by_default_and_the_configured_address_otherwise() throws Exception {
        Optional<InetAddress> lan = HostAddresses.nonLoopback(); // present on the development machines and CI
        serve(Map.of());
        assertThat(camel.context().hasService(ManagementHttpServer.class).getHost()).isEqualTo("127.0.0.1");
        if (lan.isPresent()) {
            assertThatThrownBy(() -> get(lan.get(), "/observe/health/live")).isInstanceOf(ConnectException.class);
        }
        camel.close();
        ctx.close();
        camel = null;

        port = HostAddresses.freePort();
        serve(Map.of("migrator.management.host", "0.0.0.0"));
        assertThat(camel.context().hasService(ManagementHttpServer.class).getHost()).isEqualTo("0.0.0.0");
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        if (lan.isPresent()) {
            assertThat(get(lan.get(), "/observe/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void jmx_has_an_mbean_per_shipped_route() throws Exception {
        serve(Map.of());

        ObjectName inbox = new ObjectName("org.apache.camel:context=" + camel.context().getManagementName()
                + ",type=routes,name=\"profi-inbox\"");

        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(inbox, "State")).isEqualTo("Started");
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(inbox, "ExchangesTotal")).isEqualTo(0L);
    }

    @Test
    void one_shot_commands_open_no_management_port() throws Exception {
        ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                "migrator.db.user", "postgres", "migrator.work-dir", tmp.resolve("work").toString(),
                "migrator.management.port", Integer.toString(port))));
        camel = CamelRuntime.start(ctx, Map.of());

        assertThat(camel.context().hasService(ManagementHttpServer.class)).isNull();
        assertThatThrownBy(() -> get("/observe/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void serve_can_run_without_the_management_port() throws Exception {
        serve(Map.of("migrator.management.enabled", "false"));

        assertThat(camel.context().hasService(ManagementHttpServer.class)).isNull();
        assertThatThrownBy(() -> get("/observe/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void the_management_port_may_not_be_the_business_server_port() throws Exception {
        assertThatThrownBy(() -> serve(Map.of("camel.server.enabled", "true", "camel.server.port", Integer.toString(port))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("migrator.management.port and camel.server.port are both " + port
                        + ": the management port must be a port of its own");
    }

    /** Camel reports the inbox consumer DOWN until its first poll; the checks under test are the others. */
    /**
     * The first health answer that lists {@code check}. Right after start-up, under load, the endpoint can answer
     * before Camel has run any check and list none.
     */
    private JsonNode healthListing(String check) throws Exception {
        JsonNode[] body = new JsonNode[1];
        await(() -> checks(body[0] = JSON.readTree(get("/observe/health").body())).containsKey(check));
        return body[0];
    }

    private void awaitInboxPolled() throws Exception {
        await(() -> "UP".equals(checks(JSON.readTree(get("/observe/health").body())).get("consumer:profi-inbox")));
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(InetAddress.getLoopbackAddress(), path);
    }

    private HttpResponse<String> get(InetAddress host, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.getHostAddress() + ":" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Check name to state, in the order the endpoint lists them. */
    private static Map<String, String> checks(JsonNode health) {
        Map<String, String> m = new LinkedHashMap<>();
        health.path("checks").forEach(c -> m.put(c.path("name").asText(), c.path("status").asText()));
        return m;
    }

    private static String message(JsonNode health, String check) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(check)) {
                return c.path("message").asText();
            }
        }
        throw new AssertionError("no check " + check + " in " + health);
    }
}
