package org.profid365.migrator.dataverse;

import java.time.Duration;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Shapes the HttpClient 5 behind the Dataverse endpoint. Retries belong to {@link DataverseClient} alone, so
 * HttpClient must not re-send 429/503 by itself (it honours Retry-After since 5.5 and would double ours); no cookie
 * store, because the ARR affinity cookie pins every request to one web server and each server has its own
 * throttling budget [send-parallel-requests]; explicit time-outs (camel-http's defaults are 3 minutes);
 * keep-alive so connections are reused.
 */
public final class DataverseHttpClientConfigurer implements HttpClientConfigurer {

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration connectionRequestTimeout;

    public DataverseHttpClientConfigurer(Duration connectTimeout, Duration responseTimeout,
            Duration connectionRequestTimeout) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.connectionRequestTimeout = connectionRequestTimeout;
    }

    @Override
    @SuppressWarnings("deprecation") // RequestConfig's connect time-out is still the one camel-http sets too
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.disableCookieManagement();
        builder.disableRedirectHandling();
        builder.setKeepAliveStrategy(DefaultConnectionKeepAliveStrategy.INSTANCE);
        builder.evictExpiredConnections();
        builder.evictIdleConnections(TimeValue.ofMinutes(1));
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(responseTimeout))
                .setConnectionRequestTimeout(Timeout.of(connectionRequestTimeout))
                .setRedirectsEnabled(false)
                .build());
    }
}
