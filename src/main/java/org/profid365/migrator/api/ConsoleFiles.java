package org.profid365.migrator.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The bean {@code apiConsole}: the web console's few files, from the classpath folder {@code console/}. Only the
 * files listed here are served (no path from the request reaches the file system); they hold no data, so they need
 * no token: the page asks for it and sends it with every API call.
 */
public final class ConsoleFiles {

    static final String PREFIX = "/console";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; frame-src blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'none'";

    public ApiResponse get(@Header(Exchange.HTTP_PATH) String path) throws IOException {
        String p = path == null ? "" : path;
        if (p.equals("/") || p.isEmpty() || p.equals(PREFIX)) {
            return ApiResponse.redirect(PREFIX + "/");
        }
        String name = p.startsWith(PREFIX + "/") ? p.substring(PREFIX.length() + 1) : p;
        if (name.isEmpty()) {
            name = "index.html";
        }
        String type = FILES.get(name);
        InputStream in = type == null ? null : ConsoleFiles.class.getResourceAsStream("/console/" + name);
        if (in == null) {
            throw ApiProblem.notFound("not found", p + " is not a file of the console");
        }
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        return new ApiResponse(200, type, bytes, Map.of("Content-Security-Policy", CSP,
                "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer"));
    }
}
