package org.profid365.migrator.api;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an API call answers, before it is written to HTTP by {@link ApiResponses#write}: a status, a content type,
 * a body (JSON as bytes, or a stream for a file) and any further headers.
 */
public record ApiResponse(int status, String contentType, Object body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, ApiJson.bytes(value), Map.of());
    }

    public static ApiResponse ok(Object value) {
        return json(200, value);
    }

    public static ApiResponse stream(String contentType, InputStream in, Map<String, String> headers) {
        return new ApiResponse(200, contentType, in, headers);
    }

    public static ApiResponse redirect(String location) {
        return new ApiResponse(302, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }

    /** The same answer with one more header. */
    public ApiResponse with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new ApiResponse(status, contentType, body, h);
    }
}
