package org.profid365.migrator.sim.dataverse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/mixed} $batch body [webapi/execute-batch-operations-using-web-api]: parts of
 * {@code Content-Type: application/http} holding one HTTP request each, or nested {@code multipart/mixed} change
 * sets. Line ends must be CRLF, including after the closing delimiter; a body with a bare LF is refused as Dataverse
 * refuses it [web-api-client-errors, "Stream was not readable"].
 */
final class BatchParser {

    static final int MAX_REQUESTS = 1_000;

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]+) (\\S+)( HTTP/1\\.[01])?");

    /**
     * One request inside the batch.
     *
     * @param contentId its Content-ID, or null
     * @param method    the method
     * @param target    the request target as written (absolute URL, /api/data/v9.2/…, relative, or $n…)
     * @param headers   its headers, names case-insensitive
     * @param body      its body bytes
     */
    record Part(String contentId, String method, String target, Map<String, String> headers, byte[] body) {
    }

    /** A top-level item: one request, or a change set of several (changeSet non-null). */
    record Item(Part request, List<Part> changeSet) {
    }

    /** The batch could not be read at all: answered with this fault. */
    static final class Unreadable extends RuntimeException {
        final boolean lineEnds;

        Unreadable(String message, boolean lineEnds) {
            super(message, null, false, false);
            this.lineEnds = lineEnds;
        }
    }

    private BatchParser() {
    }

    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? m.group(1).trim() : null;
    }

    static List<Item> parse(String boundary, byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1); // one char per byte: bodies keep their bytes
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) {
                throw new Unreadable("line " + lineOf(text, i) + " ends with LF, not CRLF", true);
            }
        }
        List<String> parts = split(text, boundary, true);
        List<Item> items = new ArrayList<>();
        int requests = 0;
        for (String raw : parts) {
            int headerEnd = headerEnd(raw);
            Map<String, String> headers = headers(raw.substring(0, headerEnd));
            String content = raw.substring(Math.min(raw.length(), headerEnd + 4));
            String nested = boundary(headers.get("Content-Type"));
            if (nested != null) {
                List<Part> changeSet = new ArrayList<>();
                for (String inner : split(content, nested, false)) {
                    int innerEnd = headerEnd(inner);
                    changeSet.add(request(headers(inner.substring(0, innerEnd)), inner.substring(Math.min(inner.length(), innerEnd + 4))));
                }
                requests += changeSet.size();
                items.add(new Item(null, changeSet));
            } else {
                items.add(new Item(request(headers, content), null));
                requests++;
            }
        }
        if (requests > MAX_REQUESTS) {
            throw new Unreadable("The batch holds " + requests + " requests; a batch may hold at most " + MAX_REQUESTS + ".", false);
        }
        return items;
    }

    /** The parts between the delimiters; the CRLF before a delimiter belongs to the delimiter. */
    private static List<String> split(String text, String boundary, boolean outer) {
        String delimiter = "--" + boundary;
        int start = text.startsWith(delimiter) ? 0 : text.indexOf("\r\n" + delimiter);
        if (start < 0) {
            throw new Unreadable("the body has no '" + delimiter + "' delimiter", false);
        }
        int pos = text.startsWith(delimiter) ? delimiter.length() : start + 2 + delimiter.length();
        List<String> parts = new ArrayList<>();
        while (true) {
            if (text.startsWith("--", pos)) {
                if (outer && !text.startsWith("\r\n", pos + 2)) {
                    throw new Unreadable("the closing delimiter '" + delimiter + "--' is not followed by CRLF", true);
                }
                return parts;
            }
            if (!text.startsWith("\r\n", pos)) {
                throw new Unreadable("the delimiter '" + delimiter + "' is not followed by CRLF", true);
            }
            int next = text.indexOf("\r\n" + delimiter, pos + 2);
            if (next < 0) {
                throw new Unreadable("the body ends without the closing delimiter '" + delimiter + "--'", false);
            }
            parts.add(text.substring(pos + 2, next));
            pos = next + 2 + delimiter.length();
        }
    }

    private static Part request(Map<String, String> partHeaders, String content) {
        String type = partHeaders.getOrDefault("Content-Type", "");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/http")) {
            throw new Unreadable("a part has Content-Type '" + type + "'; it must be application/http", false);
        }
        int lineEnd = content.indexOf("\r\n");
        String line = lineEnd < 0 ? content : content.substring(0, lineEnd);
        Matcher m = REQUEST_LINE.matcher(line.trim());
        if (!m.matches()) {
            throw new Unreadable("'" + line + "' is not an HTTP request line", false);
        }
        String rest = lineEnd < 0 ? "" : content.substring(lineEnd + 2);
        int headerEnd = rest.startsWith("\r\n") ? -2 : rest.indexOf("\r\n\r\n");
        Map<String, String> headers = headerEnd == -2 ? headers("") : headers(headerEnd < 0 ? rest : rest.substring(0, headerEnd));
        String body = headerEnd == -2 ? rest.substring(2) : headerEnd < 0 ? "" : rest.substring(headerEnd + 4);
        return new Part(partHeaders.get("Content-ID"), m.group(1), m.group(2), headers,
                body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int headerEnd(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new Unreadable("a part has no blank line after its headers", false);
        }
        return end;
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
