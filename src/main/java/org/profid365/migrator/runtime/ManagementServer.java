package org.profid365.migrator.runtime;

import java.util.List;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * serve's management port: Camel's health endpoint and Prometheus scrape endpoint on an address of their own,
 * with the migrator's health checks behind it. Only {@code serve} opens it; one-shot commands never hold a port.
 */
final class ManagementServer {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    static final String HEALTH_PATH = "/observe/health";
    static final String METRICS_PATH = "/observe/metrics";

    private ManagementServer() {
    }

    /** Adds the management server and the health checks to a Camel Main not yet started. */
    static void configure(Main main, MigratorContext ctx) {
        MigratorConfig config = ctx.config();
        if (!Boolean.parseBoolean(config.get("migrator.management.enabled", "true"))) {
            return;
        }
        int port = config.getInt("migrator.management.port", 9876);
        if (port < 1 || port > 65_535) {
            throw new ConfigurationException("migrator.management.port (MIGRATOR_MANAGEMENT_PORT) must be 1..65535, not " + port);
        }
        refuseSharedPort(config, port);
        String host = config.get("migrator.management.host", "127.0.0.1");
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.host", host);
        main.addInitialProperty("camel.management.port", Integer.toString(port));
        main.addInitialProperty("camel.management.health-check-enabled", "true");
        main.addInitialProperty("camel.management.metrics-enabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
        if (config.get("camel.metrics.binders") == null) {
            // the JVM's own meters beside Camel's, so one scrape shows memory and GC pressure next to throughput
            main.addInitialProperty("camel.metrics.binders", "jvm-memory,jvm-gc,jvm-thread,processor,uptime");
        }
        List<HealthCheck> checks = HealthChecks.of(ctx);
        LOG.info("Management port {}:{}: health at {}, Prometheus metrics at {}; checks {}", host, port, HEALTH_PATH,
                METRICS_PATH, checks.stream().map(HealthCheck::getId).toList());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                // registered rather than bound as beans: the registry hands them the CamelContext, which bound
                // checks never get, and the Dataverse check needs it for its camel-http endpoint
                HealthCheckRegistry registry = HealthCheckRegistry.get(configured.getCamelContext());
                if (registry != null) {
                    checks.forEach(registry::register);
                }
            }
        });
    }

    /**
     * Camel 4.18.0 puts the management endpoints on the business server when both use one port and then ignores
     * the management settings (CAMEL-25462): refuse that instead of exposing health where it was not meant to be.
     */
    private static void refuseSharedPort(MigratorConfig config, int port) {
        if (Boolean.parseBoolean(config.get("camel.server.enabled", "false"))
                && config.getInt("camel.server.port", 8080) == port) {
            throw new ConfigurationException("migrator.management.port and camel.server.port are both " + port
                    + ": the management port must be a port of its own");
        }
    }
}
