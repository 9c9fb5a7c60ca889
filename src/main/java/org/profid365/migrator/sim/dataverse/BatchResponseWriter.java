package org.profid365.migrator.sim.dataverse;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes the multipart/mixed answer of a $batch with CRLF line ends, part by part, as the docs show it. */
final class BatchResponseWriter {

    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
            Map.entry(204, "No Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(412, "Precondition Failed"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    private final StringBuilder out = new StringBuilder();
    final String boundary;

    BatchResponseWriter(String boundary) {
        this.boundary = boundary;
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, "Status " + status);
    }

    /** One response at the top level (outside any change set). */
    void response(SimResponse response, String reqId) {
        out.append("--").append(boundary).append("\r\n");
        part(out, response, null, reqId);
    }

    /** A change set's responses, each with its Content-ID. */
    void changeSet(String changeSetBoundary, java.util.List<SimResponse> responses, java.util.List<String> contentIds,
                   java.util.List<String> reqIds) {
        out.append("--").append(boundary).append("\r\n");
        out.append("Content-Type: multipart/mixed; boundary=").append(changeSetBoundary).append("\r\n\r\n");
        for (int i = 0; i < responses.size(); i++) {
            out.append("--").append(changeSetBoundary).append("\r\n");
            part(out, responses.get(i), contentIds.get(i), reqIds.get(i));
        }
        out.append("--").append(changeSetBoundary).append("--\r\n");
    }

    byte[] finish() {
        out.append("--").append(boundary).append("--\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void part(StringBuilder out, SimResponse response, String contentId, String reqId) {
        out.append("Content-Type: application/http\r\n");
        out.append("Content-Transfer-Encoding: binary\r\n");
        if (contentId != null) {
            out.append("Content-ID: ").append(contentId).append("\r\n");
        }
        out.append("\r\n");
        out.append("HTTP/1.1 ").append(response.status).append(' ').append(reason(response.status)).append("\r\n");
        boolean hasBody = response.body.length > 0;
        if (response.status >= 400) {
            out.append("REQ_ID: ").append(reqId).append("\r\n");
            out.append("Content-Type: application/json; odata.metadata=minimal\r\n");
            out.append("OData-Version: 4.0\r\n");
            response.headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    out.append(name).append(": ").append(value).append("\r\n");
                }
            });
        } else if (hasBody) {
            out.append("Content-Type: application/json; odata.metadata=minimal; odata.streaming=true\r\n");
            out.append("OData-Version: 4.0\r\n");
            response.headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    out.append(name).append(": ").append(value).append("\r\n");
                }
            });
        } else {
            out.append("OData-Version: 4.0\r\n");
            String entity = response.headers.get("OData-EntityId");
            if (entity != null) {
                out.append("Location: ").append(entity).append("\r\n");
                out.append("OData-EntityId: ").append(entity).append("\r\n");
            }
            response.headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("OData-EntityId") && !name.equalsIgnoreCase("Content-Type")) {
                    out.append(name).append(": ").append(value).append("\r\n");
                }
            });
        }
        out.append("\r\n");
        out.append(new String(response.body, StandardCharsets.UTF_8));
        out.append("\r\n");
    }
}
