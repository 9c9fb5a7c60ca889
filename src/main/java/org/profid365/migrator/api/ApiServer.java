package org.profid365.migrator.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.camel.main.Main;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * serve's business port: the REST API ({@code routes/api.camel.yaml}) and the web console on camel-platform-http,
 * set from {@code migrator.api.*}. Every API call needs the bearer token; without a configured one the API listens on
 * loopback only, with a token made at start and written to {@code <work-dir>/api-token}.
 */
public final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String TOKEN_FILE = "api-token";
    static final int MIN_TOKEN_LENGTH = 16;

    private ApiServer() {
    }

    public static boolean enabled(MigratorConfig config) {
        return Boolean.parseBoolean(config.get("migrator.api.enabled", "true"));
    }

    /** Adds the HTTP server, the API's beans and its operations to a Camel Main not yet started. */
    public static void configure(Main main, MigratorContext ctx) {
        MigratorConfig config = ctx.config();
        if (!enabled(config)) {
            return;
        }
        int port = config.getInt("migrator.api.port", 8080);
        if (port < 1 || port > 65_535) {
            throw new ConfigurationException("migrator.api.port (MIGRATOR_API_PORT) must be 1..65535, not " + port);
        }
        if (Boolean.parseBoolean(config.get("migrator.management.enabled", "true"))
                && config.getInt("migrator.management.port", 9876) == port) {
            throw new ConfigurationException("migrator.api.port and migrator.management.port are both " + port
                    + ": the API and the management port need a port each");
        }
        String host = config.get("migrator.api.host", "127.0.0.1");
        String token = token(config, host);
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", host);
        main.addInitialProperty("camel.server.port", Integer.toString(port));
        main.addInitialProperty("camel.server.max-body-size", Long.toString(config.getLong("migrator.api.max-body-bytes", 1_048_576)));
        Operations operations = StandardOperations.registerAll(
                new Operations(ctx, Duration.ofMillis(config.getLong("migrator.api.start-wait-ms", 60_000))));
        main.bind("operations", operations);
        main.bind("apiAccess", new ApiAccess(token));
        main.bind("apiResponses", new ApiResponses());
        main.bind("apiOperations", new OperationsResource(operations));
        main.bind("apiRuns", new RunsResource(ctx, operations));
        main.bind("apiMapping", new MappingResource(ctx));
        main.bind("apiDeadLetters", new DeadLettersResource(ctx));
        main.bind("apiReports", new ReportsResource(config.workDir().resolve("reports")));
        main.bind("apiConsole", new ConsoleFiles());
        LOG.info("REST API and console on http://{}:{}/console/ ({} operations: {})", host, port,
                operations.specs().size(), operations.specs().stream().map(Operations.Spec::name).toList());
    }

    /** Hands the started runtime to the operations; a runtime without the API is left alone. */
    public static void attach(CamelRuntime runtime) {
        Operations ops = runtime.context().getRegistry().lookupByNameAndType("operations", Operations.class);
        if (ops != null) {
            ops.attach(runtime);
        }
    }

    /** The operations registry of a running service (to register one more, as a test does), if the API is on. */
    public static Operations operations(CamelRuntime runtime) {
        return runtime.context().getRegistry().lookupByNameAndType("operations", Operations.class);
    }

    /** The line serve prints about the API, with no secret in it. */
    public static String banner(MigratorConfig config) {
        if (!enabled(config)) {
            return "REST API and console: off (migrator.api.enabled=false)";
        }
        String host = config.get("migrator.api.host", "127.0.0.1");
        return "REST API and console: http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":"
                + config.getInt("migrator.api.port", 8080) + "/console/ (token: "
                + (config.get("migrator.api.token") != null ? "migrator.api.token" : "made at start, in "
                + config.workDir().resolve(TOKEN_FILE)) + ")";
    }

    private static String token(MigratorConfig config, String host) {
        String token = config.get("migrator.api.token");
        if (token != null) {
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new ConfigurationException("migrator.api.token (MIGRATOR_API_TOKEN) is shorter than " + MIN_TOKEN_LENGTH
                        + " characters; make one with: openssl rand -hex 32");
            }
            return token;
        }
        if (!isLoopback(host)) {
            throw new ConfigurationException("migrator.api.token (MIGRATOR_API_TOKEN) is not set: the API refuses to listen on "
                    + host + " without a token. Set a token (openssl rand -hex 32), or keep migrator.api.host on 127.0.0.1");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String made = HexFormat.of().formatHex(random);
        Path file = config.workDir().resolve(TOKEN_FILE);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, made + System.lineSeparator());
        } catch (IOException e) {
            throw new ConfigurationException("The API token file " + file + " cannot be written: " + e.getMessage(), e);
        }
        LOG.info("No migrator.api.token: the API token for this run is in {} (readable by this user only)", file.toAbsolutePath());
        return made;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("migrator.api.host (MIGRATOR_API_HOST) '" + host + "' is not an address of this machine", e);
        }
    }
}
