package org.profid365.migrator.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.health.HealthCheck;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;

/** The health checks the settings call for: the state store always, Dataverse and the Profi API when configured. */
final class HealthChecks {

    private HealthChecks() {
    }

    static List<HealthCheck> of(MigratorContext ctx) {
        MigratorConfig config = ctx.config();
        Duration timeout = config.getMillis("migrator.management.check-timeout-ms", 5_000);
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new StateStoreHealthCheck(ctx.store().dataSource(), timeout));
        if (config.get("dataverse.url") != null) {
            checks.add(new DataverseHealthCheck(config, timeout));
        }
        String source = config.get("profi.source");
        if (source != null && (source.startsWith("http://") || source.startsWith("https://"))) {
            checks.add(new ProfiApiHealthCheck(manifestUri(source, config), config.get("profi.api.token"), timeout));
        }
        return checks;
    }

    private static URI manifestUri(String source, MigratorConfig config) {
        String base = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        try {
            return URI.create(base + config.get("profi.api.manifest-path", "/v1/manifest"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("profi.source (PROFI_SOURCE) is not a usable URL: '" + source + "'");
        }
    }
}
