package org.profid365.migrator.dataverse;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Web API call before it is sent: method, a path relative to the API root (or an absolute URL such as an
 * {@code @odata.nextLink}, sent unchanged), extra headers and an optional body. Immutable; the {@code with*}
 * methods return copies.
 */
public final class DataverseRequest {

    private final String method;
    private final String target;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String contentType;

    private DataverseRequest(String method, String target, Map<String, String> headers, byte[] body,
            String contentType) {
        this.method = method;
        this.target = target;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
        this.contentType = contentType;
    }

    public static DataverseRequest get(String target) {
        return new DataverseRequest("GET", target, new LinkedHashMap<>(), null, null);
    }

    public static DataverseRequest delete(String target) {
        return new DataverseRequest("DELETE", target, new LinkedHashMap<>(), null, null);
    }

    /** POST with a JSON body. */
    public static DataverseRequest post(String target, String json) {
        return withBody("POST", target, json, "application/json");
    }

    /** PATCH with a JSON body: update, or upsert when no condition header is added. [use-upsert-insert-update-record] */
    public static DataverseRequest patch(String target, String json) {
        return withBody("PATCH", target, json, "application/json");
    }

    public static DataverseRequest put(String target, String json) {
        return withBody("PUT", target, json, "application/json");
    }

    public static DataverseRequest withBody(String method, String target, String body, String contentType) {
        return new DataverseRequest(method, target, new LinkedHashMap<>(),
                Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), contentType);
    }

    /**
     * POST with a JSON body already encoded as UTF-8. The request keeps the array, so the caller must not change it
     * afterwards: for the bulk writer, whose bodies are large and built for one request.
     */
    static DataverseRequest post(String target, byte[] utf8Json) {
        return new DataverseRequest("POST", target, new LinkedHashMap<>(), Objects.requireNonNull(utf8Json, "body"),
                "application/json");
    }

    /** A copy with one more header (a header of the same name is replaced). */
    public DataverseRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        h.put(name, value);
        return new DataverseRequest(method, target, h, body, contentType);
    }

    public String method() {
        return method;
    }

    /** Path relative to the API root ({@code contacts?$select=...}) or an absolute URL. */
    public String target() {
        return target;
    }

    public boolean isAbsolute() {
        return target.startsWith("http://") || target.startsWith("https://");
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body bytes (UTF-8), or null. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** The body itself, not a copy, for this package's sender, which only reads it. */
    byte[] bodyBytes() {
        return body;
    }

    public String bodyText() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    public String contentType() {
        return contentType;
    }

    /**
     * Method and path without the query: bodies and filters hold personal data (names, e-mail addresses) and
     * headers may hold tokens, and this text goes to logs and error messages.
     */
    @Override
    public String toString() {
        int q = target.indexOf('?');
        return method + " " + (q < 0 ? target : target.substring(0, q) + "?…");
    }
}
