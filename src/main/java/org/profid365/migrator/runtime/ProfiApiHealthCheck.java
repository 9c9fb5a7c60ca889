package org.profid365.migrator.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** UP when the Profi API answers its manifest with a 2xx to the configured bearer token. */
final class ProfiApiHealthCheck extends AbstractHealthCheck {

    static final String ID = "profi-api";

    private final URI manifest;
    private final String token;
    private final Duration timeout;
    // The JDK client rather than the route's camel-http endpoint: one try, one time-out, none of the pull's retries
    private final HttpClient http;

    ProfiApiHealthCheck(URI manifest, String token, Duration timeout) {
        super("migrator", ID);
        this.manifest = manifest;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Readiness only: the Profi API being away is not cured by restarting the migrator. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        HttpRequest.Builder request = HttpRequest.newBuilder(manifest).timeout(timeout).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            // the URL stays out of the message: Camel's health JSON escapes slashes twice, and it is in the settings
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                builder.message("The Profi API answered the manifest request with HTTP " + status).up();
            } else {
                builder.message("The Profi API answered the manifest request with HTTP " + status).down();
            }
        } catch (IOException e) {
            builder.message("The Profi API did not answer the manifest request: " + describe(e)).down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("Interrupted while asking the Profi API").down();
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
