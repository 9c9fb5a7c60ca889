package org.profid365.migrator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.HostAddresses;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

/** Where the simulators listen: loopback unless told otherwise, every interface in a container. */
class SimulatorBindingTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;
    ProfiApiSimulator profi;
    DataverseSimulator dataverse;

    @AfterEach
    void stop() {
        if (profi != null) {
            profi.close();
        }
        if (dataverse != null) {
            dataverse.close();
        }
    }

    @Test
    void the_profi_simulator_listens_on_loopback_only_by_default() throws Exception {
        Optional<InetAddress> lan = HostAddresses.nonLoopback(); // present on the development machines and CI
        profi = ProfiApiSimulator.start(ExportFixture.clean(tmp.resolve("export")).dir(), ProfiApiSimulator.Options.defaults("t"));

        assertThat(profi.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + profi.port()));
        assertThat(get(profi.baseUrl() + "/v1/manifest", "t")).isEqualTo(200);
        if (lan.isPresent()) {
            assertThatThrownBy(() -> get(at(lan.get(), profi.port()) + "/v1/manifest", "t")).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void the_profi_simulator_bound_to_every_interface_answers_on_the_machines_address() throws Exception {
        Optional<InetAddress> lan = HostAddresses.nonLoopback();
        profi = ProfiApiSimulator.start(ExportFixture.clean(tmp.resolve("export")).dir(),
                ProfiApiSimulator.Options.defaults("t").withBindAddress("0.0.0.0"));

        assertThat(profi.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + profi.port()));
        assertThat(get(profi.baseUrl() + "/v1/manifest", "t")).isEqualTo(200);
        if (lan.isPresent()) {
            assertThat(get(at(lan.get(), profi.port()) + "/v1/manifest", "t")).isEqualTo(200);
        }
    }

    @Test
    void the_dataverse_simulator_listens_on_loopback_only_by_default() throws Exception {
        Optional<InetAddress> lan = HostAddresses.nonLoopback();
        dataverse = DataverseSimulator.start(DataverseSimOptions.defaults());
        String token = dataverse.issueToken("migration");

        assertThat(get(dataverse.baseUrl() + "WhoAmI", token)).isEqualTo(200);
        if (lan.isPresent()) {
            assertThatThrownBy(() -> get(at(lan.get(), dataverse.port()) + "/api/data/v9.2/WhoAmI", token))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void the_dataverse_simulator_in_a_container_links_to_its_public_host_and_takes_a_token_given_beforehand() throws Exception {
        Optional<InetAddress> lan = HostAddresses.nonLoopback();
        dataverse = DataverseSimulator.start(DataverseSimOptions.defaults().bindAddress("0.0.0.0").publicHost("sim-dataverse"));
        dataverse.acceptToken("migration", "compose-token");
        dataverse.addSystemUser("coach1@example.com", "Coach One", false);
        String local = "http://127.0.0.1:" + dataverse.port() + "/api/data/v9.2/";

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(local + "systemusers?$select=fullname"))
                .header("Authorization", "Bearer compose-token").header("Prefer", "odata.maxpagesize=1").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(dataverse.baseUrl()).isEqualTo(URI.create("http://sim-dataverse:" + dataverse.port() + "/api/data/v9.2/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(page.body()).path("@odata.nextLink").asText())
                .startsWith("http://sim-dataverse:" + dataverse.port() + "/api/data/v9.2/systemusers?");
        assertThat(get(local + "WhoAmI", "another-token")).isEqualTo(401);
        if (lan.isPresent()) {
            assertThat(get(at(lan.get(), dataverse.port()) + "/api/data/v9.2/WhoAmI", "compose-token")).isEqualTo(200);
        }
    }

    private static String at(InetAddress host, int port) {
        return "http://" + host.getHostAddress() + ":" + port;
    }

    private static int get(String url, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
