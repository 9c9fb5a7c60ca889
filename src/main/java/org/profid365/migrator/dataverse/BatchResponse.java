package org.profid365.migrator.dataverse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a {@code $batch} answer into one {@link Part} per request, in request order, with change set answers
 * flattened in place. Accepts CRLF or LF line ends and quoted or bare boundaries.
 * [webapi/execute-batch-operations-using-web-api]
 */
public final class BatchResponse {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d(?:\\.\\d)?\\s+(\\d{3}).*");
    private static final Pattern ENTITY_ID = Pattern.compile(
            "\\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\)\\s*$");

    /** The answer to one request of the batch. */
    public record Part(int status, Map<String, String> headers, String body, String contentId) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        public DataverseError error() {
            return DataverseError.fromResponse(status, body, requestId());
        }

        public String requestId() {
            return DataverseResponse.requestId(headers);
        }

        /** The id in {@code OData-EntityId: .../contacts(<guid>)} of a create. [webapi/create-entity-web-api] */
        public Optional<UUID> entityId() {
            return header("OData-EntityId").or(() -> header("Location")).flatMap(BatchResponse::idOf);
        }
    }

    private final List<Part> parts;

    private BatchResponse(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    public List<Part> parts() {
        return parts;
    }

    /** Parses the body of a {@code $batch} answer whose Content-Type names the boundary. */
    public static BatchResponse parse(String contentType, String body) {
        String boundary = boundaryOf(contentType)
                .orElseThrow(() -> new IllegalArgumentException("no multipart boundary in '" + contentType + "'"));
        List<Part> parts = new ArrayList<>();
        parseMultipart(boundary, body, parts);
        return new BatchResponse(parts);
    }

    static Optional<String> boundaryOf(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
    }

    static Optional<UUID> idOf(String entityUrl) {
        Matcher m = ENTITY_ID.matcher(entityUrl);
        return m.find() ? Optional.of(UUID.fromString(m.group(1))) : Optional.empty();
    }

    private static void parseMultipart(String boundary, String body, List<Part> into) {
        for (String segment : segments(boundary, body)) {
            int split = headerEnd(segment);
            Map<String, String> mime = headers(segment.substring(0, split < 0 ? segment.length() : split));
            String content = split < 0 ? "" : segment.substring(skipBlankLine(segment, split));
            String type = mime.getOrDefault("Content-Type", "");
            if (type.toLowerCase().startsWith("multipart/mixed")) {
                String inner = boundaryOf(type).orElseThrow(
                        () -> new IllegalArgumentException("change set without a boundary: " + type));
                parseMultipart(inner, content, into);
            } else {
                into.add(httpPart(content, mime.get("Content-ID")));
            }
        }
    }

    /** The parts between delimiters; the line end before each delimiter belongs to the delimiter. */
    private static List<String> segments(String boundary, String body) {
        String delimiter = "--" + boundary;
        List<String> out = new ArrayList<>();
        int pos = findDelimiter(body, delimiter, 0);
        while (pos >= 0) {
            int after = pos + delimiter.length();
            if (body.startsWith("--", after)) {
                break; // close delimiter
            }
            int lineEnd = body.indexOf('\n', after);
            if (lineEnd < 0) {
                break;
            }
            int start = lineEnd + 1;
            int next = findDelimiter(body, delimiter, start);
            int end = next < 0 ? body.length() : next;
            // drop the CRLF (or LF) that precedes the next delimiter
            if (end > start && body.charAt(end - 1) == '\n') {
                end--;
                if (end > start && body.charAt(end - 1) == '\r') {
                    end--;
                }
            }
            out.add(body.substring(start, Math.max(start, end)));
            pos = next;
        }
        return out;
    }

    /** A delimiter counts only at the start of a line. */
    private static int findDelimiter(String body, String delimiter, int from) {
        int i = body.indexOf(delimiter, from);
        while (i > 0 && body.charAt(i - 1) != '\n') {
            i = body.indexOf(delimiter, i + 1);
        }
        return i;
    }

    private static int headerEnd(String s) {
        int crlf = s.indexOf("\r\n\r\n");
        int lf = s.indexOf("\n\n");
        if (s.startsWith("\r\n")) {
            return 0;
        }
        if (s.startsWith("\n")) {
            return 0;
        }
        if (crlf < 0) {
            return lf;
        }
        return lf < 0 ? crlf : Math.min(crlf, lf);
    }

    private static int skipBlankLine(String s, int headerEnd) {
        int i = headerEnd;
        int newlines = 0;
        // skip the end of the last header line and the empty line
        while (i < s.length() && newlines < (headerEnd == 0 ? 1 : 2)) {
            char c = s.charAt(i);
            if (c == '\n') {
                newlines++;
            } else if (c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : block.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return h;
    }

    private static Part httpPart(String content, String contentId) {
        String c = content;
        while (c.startsWith("\r\n") || c.startsWith("\n")) {
            c = c.substring(c.charAt(0) == '\r' ? 2 : 1);
        }
        int lineEnd = c.indexOf('\n');
        String statusLine = (lineEnd < 0 ? c : c.substring(0, lineEnd)).trim();
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
            throw new IllegalArgumentException("batch part does not start with an HTTP status line: '"
                    + statusLine + "'");
        }
        int status = Integer.parseInt(m.group(1));
        String rest = lineEnd < 0 ? "" : c.substring(lineEnd + 1);
        int split = headerEnd(rest);
        Map<String, String> headers = headers(split < 0 ? rest : rest.substring(0, split));
        String body = split < 0 ? "" : rest.substring(skipBlankLine(rest, split)).strip();
        return new Part(status, Collections.unmodifiableMap(headers), body, contentId);
    }
}
