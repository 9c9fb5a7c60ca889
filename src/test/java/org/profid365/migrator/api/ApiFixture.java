package org.profid365.migrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.profid365.migrator.HostAddresses;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.sim.ExportGenerator;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.StagedOrg;

/**
 * A running {@code serve} as an operator has it before approving the mapping: a generated export staged into a
 * fresh database, a simulated org with the coaches' users, owners resolved, the schema provisioned, the default
 * mapping written but not approved; the REST API on a free port with a known token. Talks to it over real HTTP.
 */
final class ApiFixture implements AutoCloseable {

    static final String TOKEN = "test-api-token-0123456789abcdef";
    static final String FALLBACK = "migration.owner@test.example";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path work;
    final Path mappingFile;
    final DataverseSimulator sim;
    final MigratorContext ctx;
    final CamelRuntime camel;
    final int port;

    private ApiFixture(Path work, Path mappingFile, DataverseSimulator sim, MigratorContext ctx, CamelRuntime camel, int port) {
        this.work = work;
        this.mappingFile = mappingFile;
        this.sim = sim;
        this.ctx = ctx;
        this.camel = camel;
        this.port = port;
    }

    static ApiFixture start(Path tmp, int clients, long seed) throws Exception {
        Path export = tmp.resolve("export");
        new ExportGenerator(clients, seed).writeTo(export);
        DataverseSimulator sim = DataverseSimulator.start(DataverseSimOptions.defaults().keyActivationDelayMillis(20));
        Path mappingFile = Files.writeString(tmp.resolve("mapping.yaml"), MappingLoader.toYaml(MappingLoader.defaultMapping()));
        int port = HostAddresses.freePort();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("migrator.db.url", TestDatabase.newDatabaseUrl());
        s.put("migrator.db.user", "postgres");
        s.put("migrator.work-dir", tmp.resolve("work").toString());
        s.put("migrator.owners.fallback", FALLBACK);
        s.put("migrator.mapping.file", mappingFile.toString());
        s.put("dataverse.url", sim.baseUrl().toString());
        s.put("dataverse.token", sim.issueToken("migration"));
        s.put("dataverse.client.key-poll-interval-ms", "20");
        s.put("migrator.load.batch-size", "40");
        s.put("dataverse.client.bulk-size", "25");
        s.put("migrator.management.port", Integer.toString(HostAddresses.freePort()));
        s.put("migrator.api.port", Integer.toString(port));
        s.put("migrator.api.token", TOKEN);
        s.put("migrator.inbox.poll-delay-ms", "60000");
        MigratorContext ctx = MigratorContext.open(MigratorConfig.of(s));
        new ExportStager(ctx).stage(export);
        StagedOrg.seed(ctx.store().dataSource(), ctx.migration().id(), sim, FALLBACK);
        CamelRuntime camel = CamelRuntime.startService(ctx);
        try (DataverseConnection dv = DataverseConnection.open(camel.context(), ctx.config())) {
            dv.startUp();
            new OwnerResolver(ctx, dv.reader()).resolve();
            SchemaProvisioner.of(dv, MappingLoader.load(mappingFile).mapping(), Edition.SALES_PROFESSIONAL,
                    new SchemaChanges(ctx.store().dataSource(), ctx.migration().id())).apply();
        } catch (Exception | Error e) {
            // a service left running would keep its Quartz scheduler in the JVM, where the next test's would find it
            camel.close();
            ctx.close();
            throw e;
        }
        return new ApiFixture(tmp.resolve("work"), mappingFile, sim, ctx, camel, port);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Operations operations() {
        return ApiServer.operations(camel);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, TOKEN);
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json, TOKEN);
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Polls the run until it is no longer running; returns its last view. */
    JsonNode awaitRun(long runId, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonNode run = json(get("/api/runs/" + runId));
            if (!"running".equals(run.path("status").asText())) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " still running after " + seconds + " s: " + run);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        camel.close();
        ctx.close();
        sim.close();
    }
}
