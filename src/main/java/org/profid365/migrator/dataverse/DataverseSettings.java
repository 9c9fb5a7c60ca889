package org.profid365.migrator.dataverse;

import java.net.URI;
import java.time.Duration;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;

/**
 * The Dataverse client's tunables ({@code dataverse.client.*} plus the environment URL), read once from the
 * migrator's settings; every default here is the one documented in {@code application.properties}.
 */
public record DataverseSettings(
        URI environmentUrl,
        URI apiBaseUrl,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration connectionRequestTimeout,
        int maxInFlightPerUser,
        int initialConcurrency,
        int growAfterSuccesses,
        Duration giveUpAfter,
        Duration backoffInitial,
        Duration backoffMax,
        Duration tokenTimeout,
        String bypassBusinessLogic,
        boolean suppressCallbackRegistrationExpanderJob,
        int bulkSize,
        int batchMaxParts,
        int pageSize,
        int writerThreads,
        String solutionUniqueName,
        String publisherPrefix,
        int languageCode,
        Duration keyActivationTimeout,
        Duration keyPollInterval,
        int optionValuePrefix) {

    /** Service protection allows 52 concurrent requests per user and web server. [api-limits] */
    public static final int SERVICE_PROTECTION_CONCURRENCY = 52;

    /** Batch requests can contain up to 1,000 requests. [webapi/execute-batch-operations-using-web-api] */
    public static final int BATCH_LIMIT = 1000;

    /** Pages are capped at 5,000 rows by the service. [webapi/query-data-web-api] */
    public static final int PAGE_LIMIT = 5000;

    public DataverseSettings {
        if (maxInFlightPerUser < 1 || maxInFlightPerUser > SERVICE_PROTECTION_CONCURRENCY) {
            throw new ConfigurationException("dataverse.client.max-in-flight-per-user must be between 1 and "
                    + SERVICE_PROTECTION_CONCURRENCY + ", not " + maxInFlightPerUser);
        }
        if (batchMaxParts < 1 || batchMaxParts > BATCH_LIMIT) {
            throw new ConfigurationException("dataverse.client.batch-max-parts must be between 1 and " + BATCH_LIMIT
                    + ", not " + batchMaxParts);
        }
        if (bulkSize < 1) {
            throw new ConfigurationException("dataverse.client.bulk-size must be at least 1, not " + bulkSize);
        }
        if (pageSize < 1 || pageSize > PAGE_LIMIT) {
            throw new ConfigurationException("dataverse.client.page-size must be between 1 and " + PAGE_LIMIT
                    + ", not " + pageSize);
        }
        if (growAfterSuccesses < 1) {
            throw new ConfigurationException("dataverse.client.grow-after-successes must be at least 1");
        }
        if (optionValuePrefix < 10_000 || optionValuePrefix > 99_999) {
            throw new ConfigurationException("dataverse.publisher.option-value-prefix must be between 10000 and 99999, not "
                    + optionValuePrefix);
        }
        if (writerThreads < 1) {
            throw new ConfigurationException("dataverse.client.writer-threads must be at least 1");
        }
    }

    /** Reads the settings; {@code dataverse.url} is required. */
    public static DataverseSettings from(MigratorConfig config) {
        String url = config.require("dataverse.url");
        URI environment = environmentOf(url);
        URI api = apiBaseOf(url, config.get("dataverse.client.api-path", "/api/data/v9.2/"));
        return new DataverseSettings(
                environment,
                api,
                config.getMillis("dataverse.client.connect-timeout-ms", 10_000),
                config.getMillis("dataverse.client.response-timeout-ms", 180_000),
                config.getMillis("dataverse.client.connection-request-timeout-ms", 60_000),
                config.getInt("dataverse.client.max-in-flight-per-user", SERVICE_PROTECTION_CONCURRENCY),
                config.getInt("dataverse.client.initial-concurrency", 0),
                config.getInt("dataverse.client.grow-after-successes", 20),
                Duration.ofSeconds(config.getLong("dataverse.client.give-up-after-seconds", 900)),
                config.getMillis("dataverse.client.backoff-initial-ms", 1_000),
                config.getMillis("dataverse.client.backoff-max-ms", 60_000),
                config.getMillis("dataverse.client.token-timeout-ms", 30_000),
                config.get("dataverse.client.bypass-business-logic"),
                Boolean.parseBoolean(config.get("dataverse.client.suppress-callback-registration-expander-job", "false")),
                config.getInt("dataverse.client.bulk-size", 200),
                config.getInt("dataverse.client.batch-max-parts", BATCH_LIMIT),
                config.getInt("dataverse.client.page-size", PAGE_LIMIT),
                config.getInt("dataverse.client.writer-threads", 16),
                config.get("dataverse.client.solution", "ProfiMigration"),
                config.get("dataverse.publisher.prefix", "profi"),
                config.getInt("dataverse.client.language-code", 1033),
                Duration.ofSeconds(config.getLong("dataverse.client.key-activation-timeout-seconds", 1800)),
                config.getMillis("dataverse.client.key-poll-interval-ms", 5_000),
                config.getInt("dataverse.publisher.option-value-prefix", 72_700));
    }

    /** Scheme, host and port: the resource whose {@code /.default} scope the token is for. [authenticate-oauth] */
    static URI environmentOf(String url) {
        URI u = parse(url);
        return URI.create(u.getScheme() + "://" + u.getRawAuthority());
    }

    /** The Web API root; a URL that already names it ({@code .../api/data/v9.2/}) is used as it is. */
    static URI apiBaseOf(String url, String apiPath) {
        URI u = parse(url);
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (path.contains("/api/data/")) {
            return URI.create(u.getScheme() + "://" + u.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
        }
        String p = apiPath.startsWith("/") ? apiPath : "/" + apiPath;
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + (p.endsWith("/") ? p : p + "/"));
    }

    private static URI parse(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getRawAuthority() == null
                    || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("dataverse.url (DATAVERSE_URL) must be the environment URL such as "
                    + "https://contoso.crm4.dynamics.com, not '" + url + "'");
        }
    }

    /** The path part of the API root, as written in {@code $batch} request lines. */
    public String apiPath() {
        return apiBaseUrl.getRawPath();
    }
}
