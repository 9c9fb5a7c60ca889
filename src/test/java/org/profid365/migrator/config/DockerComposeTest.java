package org.profid365.migrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    @Test
    void every_variable_set_for_the_migrator_images_is_one_the_application_reads() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            if (!service.getValue().has("build")) {
                continue; // third-party images (postgres) read their own variables
            }
            service.getValue().path("environment").fieldNames().forEachRemaining(name -> {
                if (!MigratorConfig.ENVIRONMENT.containsKey(name)) {
                    unknown.add(service.getKey() + ": " + name);
                }
            });
        }
        assertThat(unknown).isEmpty();
        assertThat(compose.path("services").path("migrator").path("environment").path("MIGRATOR_DB_URL").asText())
                .startsWith("jdbc:postgresql://postgres:");
    }

    @Test
    void published_ports_are_bound_to_loopback_only() {
        List<String> ports = new ArrayList<>();
        compose.path("services").forEach(s -> s.path("ports").forEach(p -> ports.add(p.asText())));

        assertThat(ports).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    }

    @Test
    void data_lives_in_named_volumes() {
        assertThat(compose.path("volumes").size()).isGreaterThanOrEqualTo(2);
        compose.path("services").forEach(s -> s.path("volumes").forEach(v -> {
            String source = v.asText().split(":")[0];
            assertThat(compose.path("volumes").has(source)).as("volume %s is declared", source).isTrue();
        }));
    }
}
