package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP answer from Dataverse: status, headers (names case-insensitive), body text, and the application user it
 * was sent as.
 */
public final class DataverseResponse {

    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final String appUser;

    public DataverseResponse(int status, Map<String, String> headers, String body, String appUser) {
        this.status = status;
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? "" : body;
        this.appUser = appUser;
    }

    public int status() {
        return status;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    public String appUser() {
        return appUser;
    }

    /** The body parsed as JSON (an empty object for an empty body). */
    public JsonNode json() {
        if (body.isBlank()) {
            return DataverseJson.object();
        }
        try {
            return DataverseJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new DataverseException(new DataverseError(status, "", "the answer is not JSON: "
                    + e.getMessage(), false, requestId()));
        }
    }

    /**
     * The id Microsoft support asks for: {@code x-ms-service-request-id}, else {@code REQ_ID} (as in batch parts),
     * else {@code request-id}. [webapi/compose-http-requests-handle-errors]
     */
    public String requestId() {
        return requestId(headers);
    }

    static String requestId(Map<String, String> headers) {
        for (String name : new String[] {"x-ms-service-request-id", "REQ_ID", "request-id", "x-ms-request-id"}) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isBlank()) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** The recommended degree of parallelism, or 0 when absent. [send-parallel-requests] */
    public int dopHint() {
        return header("x-ms-dop-hint").map(String::trim).filter(s -> s.matches("\\d+")).map(Integer::parseInt).orElse(0);
    }

    /** The decoded error of a failed answer. */
    public DataverseError error() {
        return DataverseError.fromResponse(status, body, requestId());
    }

    /** This answer when it is a success, else a {@link DataverseException} with the decoded error. */
    public DataverseResponse requireSuccess() {
        if (!isSuccess()) {
            throw new DataverseException(error());
        }
        return this;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " as " + appUser;
    }
}
