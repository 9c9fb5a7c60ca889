package org.profid365.migrator.dataverse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request inside a {@code $batch}: method, URL (relative to the API root, absolute, or a {@code $n} reference
 * to an earlier request of the same change set), headers, an optional JSON body and an optional Content-ID.
 * [webapi/execute-batch-operations-using-web-api]
 */
public record BatchOperation(String method, String url, Map<String, String> headers, String body, String contentId) {

    public BatchOperation {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static BatchOperation get(String url) {
        return new BatchOperation("GET", url, Map.of(), null, null);
    }

    public static BatchOperation post(String url, String json) {
        return new BatchOperation("POST", url, Map.of(), json, null);
    }

    public static BatchOperation patch(String url, String json) {
        return new BatchOperation("PATCH", url, Map.of(), json, null);
    }

    public static BatchOperation delete(String url) {
        return new BatchOperation("DELETE", url, Map.of(), null, null);
    }

    /** A copy with one more header, e.g. {@code If-Match: *}. */
    public BatchOperation withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new BatchOperation(method, url, h, body, contentId);
    }

    /**
     * A copy with a Content-ID; inside a change set, {@code $<id>} then stands for the URL of what this request
     * created. [webapi/execute-batch-operations-using-web-api]
     */
    public BatchOperation withContentId(String id) {
        return new BatchOperation(method, url, headers, body, id);
    }
}
