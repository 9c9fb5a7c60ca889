package org.profid365.migrator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The migrator's settings, merged from (lowest to highest precedence): the defaults in the bundled
 * {@code application.properties}, an {@code application.properties} in the working directory, the file given
 * with {@code --config}, the documented environment variables, and {@code -Dkey=value} system properties.
 */
public final class MigratorConfig {

    /** The environment variables users may set; their names are a stable interface. */
    public static final Map<String, String> ENVIRONMENT = envMap();

    /** Keys whose values must never be printed: every password, secret and token, per user too. */
    private static final java.util.regex.Pattern SECRET = java.util.regex.Pattern.compile(".*(secret|password|token)$");

    private final Properties props;

    private MigratorConfig(Properties props) {
        this.props = props;
    }

    private static Map<String, String> envMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("PROFI_SOURCE", "profi.source");
        m.put("PROFI_API_TOKEN", "profi.api.token");
        m.put("DATAVERSE_URL", "dataverse.url");
        m.put("DATAVERSE_TENANT_ID", "dataverse.tenant-id");
        m.put("DATAVERSE_CLIENT_ID", "dataverse.client-id");
        m.put("DATAVERSE_CLIENT_SECRET", "dataverse.client-secret");
        m.put("DATAVERSE_AUTHORITY", "dataverse.authority");
        m.put("DATAVERSE_TOKEN", "dataverse.token");
        m.put("MIGRATOR_DB_URL", "migrator.db.url");
        m.put("MIGRATOR_DB_USER", "migrator.db.user");
        m.put("MIGRATOR_DB_PASSWORD", "migrator.db.password");
        m.put("MIGRATOR_FALLBACK_OWNER", "migrator.owners.fallback");
        m.put("MIGRATOR_DELTA_CRON", "migrator.delta.cron");
        m.put("MIGRATOR_DELTA_DELETIONS", "migrator.delta.deletions");
        m.put("MIGRATOR_PUBLISHER_PREFIX", "dataverse.publisher.prefix");
        m.put("MIGRATOR_MAPPING", "migrator.mapping.file");
        m.put("MIGRATOR_WORK_DIR", "migrator.work-dir");
        m.put("MIGRATOR_MANAGEMENT_ENABLED", "migrator.management.enabled");
        m.put("MIGRATOR_MANAGEMENT_HOST", "migrator.management.host");
        m.put("MIGRATOR_MANAGEMENT_PORT", "migrator.management.port");
        return Collections.unmodifiableMap(m);
    }

    /** Loads the settings the way the CLI does. */
    public static MigratorConfig load(Path configFile, Map<String, String> env, Properties system) {
        Properties p = new Properties();
        try (InputStream in = MigratorConfig.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ConfigurationException("The bundled application.properties cannot be read: " + e.getMessage(), e);
        }
        Path local = Path.of("application.properties");
        if (Files.isRegularFile(local)) {
            loadFile(p, local);
        }
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new ConfigurationException("Configuration file " + configFile + " does not exist");
            }
            loadFile(p, configFile);
        }
        ENVIRONMENT.forEach((name, key) -> {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                p.setProperty(key, v);
            }
        });
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("migrator.") || key.startsWith("profi.") || key.startsWith("dataverse.")
                    || key.startsWith("camel.")) {
                p.setProperty(key, system.getProperty(key));
            }
        }
        return new MigratorConfig(p);
    }

    /** Settings for tests and embedding: the bundled defaults plus the given overrides, nothing from the environment. */
    public static MigratorConfig of(Map<String, String> overrides) {
        MigratorConfig base = load(null, Map.of(), new Properties());
        Properties p = base.asProperties();
        overrides.forEach(p::setProperty);
        return new MigratorConfig(p);
    }

    private static void loadFile(Properties p, Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigurationException("Configuration file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A copy with one setting changed. */
    public MigratorConfig with(String key, String value) {
        Properties p = asProperties();
        p.setProperty(key, value);
        return new MigratorConfig(p);
    }

    public String get(String key) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw new ConfigurationException("Setting " + key + envHint(key) + " is required");
        }
        return v;
    }

    public int getInt(String key, int fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Setting " + key + " must be a whole number, not '" + v + "'");
        }
    }

    public long getLong(String key, long fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Setting " + key + " must be a whole number, not '" + v + "'");
        }
    }

    public Duration getMillis(String key, long fallbackMillis) {
        return Duration.ofMillis(getLong(key, fallbackMillis));
    }

    public Path workDir() {
        return Path.of(get("migrator.work-dir", "./data"));
    }

    /** Every setting, for handing to Camel Main's property placeholders. */
    public Properties asProperties() {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }

    public static boolean isSecret(String key) {
        return SECRET.matcher(key).matches();
    }

    private static String envHint(String key) {
        return ENVIRONMENT.entrySet().stream().filter(e -> e.getValue().equals(key))
                .map(e -> " (environment variable " + e.getKey() + ")").findFirst().orElse("");
    }
}
