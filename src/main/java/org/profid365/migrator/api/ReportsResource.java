package org.profid365.migrator.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The bean {@code apiReports}: the files under {@code <work-dir>/reports} (inventory, owners, dead letters, and the
 * diff and verify reports once those operations exist), listed and downloaded. A path that leaves the folder, by
 * {@code ..} or by a symbolic link, is refused.
 */
public final class ReportsResource {

    static final String PREFIX = "/api/reports";
    private static final int MAX_DEPTH = 4;

    private final Path dir;

    public ReportsResource(Path reportsDir) {
        this.dir = reportsDir.toAbsolutePath().normalize();
    }

    /** {@code GET /api/reports} lists; {@code GET /api/reports/<path>} sends that file. */
    public ApiResponse get(@Header(Exchange.HTTP_PATH) String requestPath) throws IOException {
        String rel = requestPath == null ? "" : requestPath;
        if (rel.startsWith(PREFIX)) {
            rel = rel.substring(PREFIX.length());
        }
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        return rel.isEmpty() ? list() : file(rel);
    }

    private ApiResponse list() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
                for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted(Comparator.comparing(ReportsResource::modified).reversed()).toList()) {
                    String rel = dir.relativize(f).toString().replace('\\', '/');
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("path", rel);
                    v.put("kind", kind(rel));
                    v.put("size", Files.size(f));
                    v.put("modifiedAt", Files.getLastModifiedTime(f).toInstant());
                    v.put("url", PREFIX + "/" + rel);
                    out.add(v);
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reports", out);
        return ApiResponse.ok(body);
    }

    private ApiResponse file(String rel) throws IOException {
        for (String segment : rel.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")
                    || segment.indexOf('\0') >= 0) {
                throw ApiProblem.badRequest("invalid report path", "'" + rel + "' is not a path inside the reports folder");
            }
        }
        Path f = dir.resolve(rel).normalize();
        // normalize() catches '..'; toRealPath() a symbolic link that points out of the folder
        if (!f.startsWith(dir) || !Files.isRegularFile(f) || !f.toRealPath().startsWith(dir.toRealPath())) {
            throw ApiProblem.notFound("no such report", "'" + rel + "' is not in the reports folder; GET /api/reports lists them");
        }
        String name = f.getFileName().toString();
        String type = contentType(name);
        boolean inline = type.startsWith("text/html") || type.startsWith("application/json") || type.startsWith("text/plain");
        return ApiResponse.stream(type, Files.newInputStream(f), Map.of(
                "Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\"" + name.replace("\"", "") + "\"",
                // a report opened on its own runs nothing: it is data, whatever it contains
                "Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
    }

    /** What a report is, by its name: the console links diff and verify reports first. */
    static String kind(String path) {
        String n = path.toLowerCase(Locale.ROOT);
        for (String k : List.of("diff", "verify", "inventory", "owners", "dead-letters", "rollback", "delta", "cutover")) {
            if (n.contains(k)) {
                return k;
            }
        }
        return "other";
    }

    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return "text/html; charset=utf-8";
        }
        if (n.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        if (n.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        if (n.endsWith(".txt") || n.endsWith(".log")) {
            return "text/plain; charset=utf-8";
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return "application/yaml; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static java.time.Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return java.time.Instant.EPOCH;
        }
    }
}
