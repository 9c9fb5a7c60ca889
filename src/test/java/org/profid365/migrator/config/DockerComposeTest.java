package org.profid365.migrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.cli.MigratorCommand;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** docker-compose.yml cannot run here (no Docker engine), so what can be checked without one is checked. */
class DockerComposeTest {

    private final JsonNode compose = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile());
        } catch (Exception e) {
            throw new AssertionError("docker-compose.yml does not parse: " + e.getMessage(), e);
        }
    }

    /** The services that run our image (the others, postgres, read their image's own variables). */
    private Map<String, JsonNode> ours() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            if (s.getValue().has("build")) {
                m.put(s.getKey(), s.getValue());
            }
        }
        return m;
    }

    @Test
    void the_four_services_are_there() {
        List<String> names = new ArrayList<>();
        compose.path("services").fieldNames().forEachRemaining(names::add);

        assertThat(names).contains("postgres", "migrator", "sim-profi", "sim-dataverse");
        assertThat(ours().keySet()).contains("migrator", "sim-profi", "sim-dataverse");
    }

    @Test
    void every_variable_set_for_our_image_is_one_the_application_reads_and_documents() throws Exception {
        String defaults = Files.readString(Path.of("application.properties"));
        List<String> unknown = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        ours().forEach((service, s) -> s.path("environment").fieldNames().forEachRemaining(name -> {
            String key = MigratorConfig.ENVIRONMENT.get(name);
            if (key == null) {
                unknown.add(service + ": " + name);
            } else if (!defaults.contains("\n" + key + "=") || !defaults.contains("Env: " + name + ".")) {
                undocumented.add(service + ": " + name + " (" + key + ")");
            }
        }));

        assertThat(unknown).isEmpty();
        assertThat(undocumented).isEmpty();
    }

    @Test
    void every_service_of_our_image_runs_a_real_cli_command() throws Exception {
        assertThat(Files.readString(Path.of("Dockerfile")))
                .contains("ENTRYPOINT [\"java\", \"-XX:+UseParallelGC\", \"-jar\", \"/app/profi-d365-migrator.jar\"]");
        ours().forEach((service, s) -> {
            assertThat(s.has("entrypoint")).as("%s keeps the image's entrypoint (the jar)", service).isFalse();
            List<String> args = new ArrayList<>();
            s.path("command").forEach(a -> args.add(a.asText()));

            ParseResult parsed = new CommandLine(new MigratorCommand()).parseArgs(args.toArray(String[]::new));

            assertThat(parsed.subcommand()).as("%s names a command: %s", service, args).isNotNull();
            assertThat(parsed.unmatched()).as("%s: %s", service, args).isEmpty();
        });
        assertThat(command("migrator")).containsExactly("serve");
        assertThat(command("sim-profi")).startsWith("sim", "profi");
        assertThat(command("sim-dataverse")).startsWith("sim", "dataverse");
    }

    @Test
    void the_migrator_reaches_postgres_and_both_simulators_with_the_credentials_they_expect() {
        JsonNode pg = compose.path("services").path("postgres").path("environment");
        assertThat(env("migrator", "MIGRATOR_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + pg.path("POSTGRES_DB").asText());
        assertThat(env("migrator", "MIGRATOR_DB_USER")).isEqualTo(pg.path("POSTGRES_USER").asText());
        assertThat(env("migrator", "MIGRATOR_DB_PASSWORD")).isEqualTo(pg.path("POSTGRES_PASSWORD").asText());

        URI profi = URI.create(env("migrator", "PROFI_SOURCE"));
        assertThat(profi.getHost()).isEqualTo("sim-profi");
        assertThat(profi.getPort()).isEqualTo(Integer.parseInt(option("sim-profi", "--port")));
        assertThat(env("migrator", "PROFI_API_TOKEN")).isEqualTo(env("sim-profi", "PROFI_API_TOKEN"));

        URI dataverse = URI.create(env("migrator", "DATAVERSE_URL"));
        assertThat(dataverse.getHost()).isEqualTo("sim-dataverse").isEqualTo(option("sim-dataverse", "--public-host"));
        assertThat(dataverse.getPort()).isEqualTo(Integer.parseInt(option("sim-dataverse", "--port")));
        assertThat(env("migrator", "DATAVERSE_TOKEN")).isEqualTo(env("sim-dataverse", "DATAVERSE_TOKEN"));
    }

    @Test
    void published_ports_are_bound_to_loopback_only() {
        List<String> ports = new ArrayList<>();
        compose.path("services").forEach(s -> s.path("ports").forEach(p -> ports.add(p.asText())));

        assertThat(ports).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    }

    @Test
    void each_service_publishes_the_port_it_listens_on_every_interface_of_its_container() {
        String management = env("migrator", "MIGRATOR_MANAGEMENT_PORT");
        String api = env("migrator", "MIGRATOR_API_PORT");
        assertThat(env("migrator", "MIGRATOR_MANAGEMENT_HOST")).isEqualTo("0.0.0.0");
        assertThat(env("migrator", "MIGRATOR_API_HOST")).isEqualTo("0.0.0.0");
        assertThat(containerPorts("migrator")).containsExactlyInAnyOrder(management, api);

        for (String sim : List.of("sim-profi", "sim-dataverse")) {
            assertThat(option(sim, "--bind")).as(sim).isEqualTo("0.0.0.0");
            assertThat(containerPorts(sim)).as(sim).containsExactly(option(sim, "--port"));
        }
    }

    @Test
    void the_api_beyond_loopback_gets_its_token_from_the_environment_with_no_default() {
        // "${MIGRATOR_API_TOKEN:?...}": compose stops with the message when it is not set
        assertThat(env("migrator", "MIGRATOR_API_TOKEN")).startsWith("${MIGRATOR_API_TOKEN:?").endsWith("}");
    }

    @Test
    void data_lives_in_named_volumes() {
        JsonNode declared = compose.path("volumes");
        List<String> used = new ArrayList<>();
        compose.path("services").forEach(s -> s.path("volumes").forEach(v -> used.add(v.asText().split(":")[0])));

        assertThat(used).isNotEmpty().allSatisfy(source -> {
            assertThat(source).as("a named volume, not a host path").doesNotStartWith(".").doesNotStartWith("/").doesNotStartWith("~");
            assertThat(declared.has(source)).as("volume %s is declared", source).isTrue();
        });
        assertThat(used).contains("pgdata", "work");
    }

    private List<String> command(String service) {
        List<String> args = new ArrayList<>();
        compose.path("services").path(service).path("command").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** The value after {@code name} in the service's command. */
    private String option(String service, String name) {
        List<String> args = command(service);
        int i = args.indexOf(name);
        assertThat(i).as("%s sets %s", service, name).isNotNegative().isLessThan(args.size() - 1);
        return args.get(i + 1);
    }

    private String env(String service, String name) {
        JsonNode v = compose.path("services").path(service).path("environment").path(name);
        assertThat(v.isMissingNode()).as("%s sets %s", service, name).isFalse();
        return v.asText();
    }

    /** The container side of each published port ("127.0.0.1:HOST:CONTAINER"). */
    private List<String> containerPorts(String service) {
        List<String> ports = new ArrayList<>();
        compose.path("services").path(service).path("ports").forEach(p -> {
            String[] parts = p.asText().split(":");
            ports.add(parts[parts.length - 1]);
        });
        return ports;
    }
}
