package org.profid365.migrator.dataverse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Sends one Web API request through camel-http and returns the answer, whatever its status; it never retries
 * (that is {@link DataverseClient}'s job). Every call goes to one {@code http:} endpoint with the full URL in
 * {@code CamelHttpUri}, after clearing all message headers so nothing leaks from an earlier answer.
 */
public final class DataverseHttp implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final DataverseSettings settings;
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Endpoint endpoint;
    private final String configurerBean;

    /**
     * @param camel         the context the endpoint lives in
     * @param settings      time-outs, URL and migration headers
     * @param appUserCount  how many users share the connection pool (each may have up to 52 requests in flight)
     */
    public DataverseHttp(CamelContext camel, DataverseSettings settings, int appUserCount) {
        this.settings = settings;
        this.camel = camel;
        this.configurerBean = "dataverseHttpClientConfigurer" + INSTANCES.incrementAndGet();
        camel.getRegistry().bind(configurerBean, new DataverseHttpClientConfigurer(settings.connectTimeout(),
                settings.responseTimeout(), settings.connectionRequestTimeout()));
        int connections = Math.max(1, appUserCount) * settings.maxInFlightPerUser();
        URI api = settings.apiBaseUrl();
        String uri = api.getScheme() + "://" + api.getRawAuthority() + api.getRawPath()
                + "?throwExceptionOnFailure=false" // every status comes back as an answer; DataverseClient decides
                + "&httpClientConfigurer=#" + configurerBean
                + "&connectTimeout=" + settings.connectTimeout().toMillis()
                + "&responseTimeout=" + settings.responseTimeout().toMillis()
                + "&soTimeout=" + settings.responseTimeout().toMillis()
                + "&connectionRequestTimeout=" + settings.connectionRequestTimeout().toMillis()
                + "&maxTotalConnections=" + connections
                + "&connectionsPerRoute=" + connections
                + "&copyHeaders=false" // the answer's headers only, never our request's (Authorization included)
                + "&followRedirects=false";
        this.endpoint = camel.getEndpoint(uri);
        this.template = camel.createProducerTemplate();
    }

    /** Builds the absolute URL: targets are relative to the API root unless they are already absolute. */
    public String urlOf(DataverseRequest request) {
        if (request.isAbsolute()) {
            return request.target(); // an @odata.nextLink is followed unchanged [webapi/query-data-web-api]
        }
        String t = request.target().startsWith("/") ? request.target().substring(1) : request.target();
        return settings.apiBaseUrl() + t;
    }

    /**
     * Sends once. A transport failure becomes a {@link DataverseException} whose error says whether it is worth
     * another try (time-outs and resets are; refused connections and bad URLs are not).
     */
    public DataverseResponse send(DataverseRequest request, String bearerToken, String appUser) {
        String url = urlOf(request);
        Exchange answer = template.send(endpoint, exchange -> {
            Message in = exchange.getIn();
            in.getHeaders().clear();
            in.setHeader(Exchange.HTTP_URI, url);
            in.setHeader(Exchange.HTTP_METHOD, request.method());
            in.setHeader("Authorization", "Bearer " + bearerToken);
            // Headers on every call. [webapi/compose-http-requests-handle-errors]
            in.setHeader("Accept", "application/json");
            in.setHeader("OData-MaxVersion", "4.0");
            in.setHeader("OData-Version", "4.0");
            // Migration headers, both opt-in. [bulk-operations; dataverse.md Bulk]
            if (settings.bypassBusinessLogic() != null) {
                in.setHeader("MSCRM.BypassBusinessLogicExecution", settings.bypassBusinessLogic());
            }
            if (settings.suppressCallbackRegistrationExpanderJob()) {
                in.setHeader("MSCRM.SuppressCallbackRegistrationExpanderJob", "true");
            }
            request.headers().forEach(in::setHeader);
            byte[] body = request.bodyBytes();
            if (body != null) {
                in.setHeader(Exchange.CONTENT_TYPE, request.contentType());
                in.setBody(body);
            } else {
                in.setBody(null);
            }
        });
        Exception failure = answer.getException();
        if (failure != null) {
            throw new DataverseException(classify(request, failure), failure);
        }
        Message out = answer.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new DataverseException(DataverseError.transport(request + ": no HTTP status in the answer", true));
        }
        return new DataverseResponse(status, responseHeaders(out), bodyText(out), appUser);
    }

    private static Map<String, String> responseHeaders(Message out) {
        Map<String, String> headers = new LinkedHashMap<>();
        out.getHeaders().forEach((name, value) -> {
            if (name.startsWith("Camel") || value == null) {
                return;
            }
            String text = value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            headers.put(name.equals(Exchange.CONTENT_TYPE) ? "Content-Type" : name, text);
        });
        return headers;
    }

    private static String bodyText(Message out) {
        Object body = out.getBody();
        if (body == null) {
            return "";
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DataverseException(DataverseError.transport("the answer could not be read: " + e, true), e);
            }
        }
        return out.getBody(String.class);
    }

    /** Time-outs and connection resets can succeed later; anything else on the wire will fail again. [api-limits] */
    static DataverseError classify(DataverseRequest request, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) { // SocketTimeoutException and HttpClient's connect time-out
                return DataverseError.transport(request + ": timed out (" + t.getClass().getSimpleName() + ": "
                        + t.getMessage() + ")", true);
            }
            if (t instanceof NoHttpResponseException || t instanceof ConnectionClosedException) {
                return DataverseError.transport(request + ": the server closed the connection without answering", true);
            }
            if (t instanceof SocketException s && s.getMessage() != null
                    && (s.getMessage().contains("reset") || s.getMessage().contains("Broken pipe")
                            || s.getMessage().contains("abort"))) {
                return DataverseError.transport(request + ": connection reset (" + s.getMessage() + ")", true);
            }
        }
        return DataverseError.transport(request + ": " + failure.getClass().getSimpleName() + ": "
                + failure.getMessage(), false);
    }

    /** Stops the endpoint, which closes its connection pool. */
    @Override
    public void close() {
        try {
            template.stop();
            camel.removeEndpoint(endpoint);
        } catch (Exception e) {
            // stopping frees sockets and caches only; nothing a caller could act on
        }
    }
}
