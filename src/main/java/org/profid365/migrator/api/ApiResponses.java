package org.profid365.migrator.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.profid365.migrator.config.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean {@code apiResponses}: writes an {@link ApiResponse} to HTTP, turns a failure into the JSON error shape,
 * and answers paths the API does not have. Request headers are dropped first: platform-http would otherwise echo
 * them (the Authorization header among them) in the response.
 */
public final class ApiResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);

    /** The last step of every API route: the body, an {@link ApiResponse}, becomes the HTTP answer. */
    public void write(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        ApiResponse r = body instanceof ApiResponse a ? a : ApiResponse.ok(body);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, r.status());
        m.setHeader(Exchange.CONTENT_TYPE, r.contentType());
        // no Cache-Control: platform-http's header filter drops it; without Last-Modified nothing is cached anyway
        m.setHeader("X-Content-Type-Options", "nosniff");
        r.headers().forEach(m::setHeader);
        m.setBody(r.body());
    }

    /** The route configuration {@code api-errors} calls this for any exception: 4xx for the client's, 5xx else. */
    public void failure(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiResponse r = problem(e, exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class),
                exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
        exchange.getMessage().setBody(r);
        write(exchange);
    }

    /** Any path under /api that no route serves. */
    public ApiResponse notFound(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        return error(404, "not found", method + " " + path + " is not part of the API; see docs/api.md");
    }

    static ApiResponse problem(Throwable e, String method, String path) {
        Throwable cause = unwrap(e);
        if (cause instanceof ApiProblem p) {
            ApiResponse r = error(p.status(), p.error(), p.detail());
            return p.status() == 401 ? r.with("WWW-Authenticate", "Bearer realm=\"profi-d365-migrator\"") : r;
        }
        if (cause instanceof ConfigurationException) {
            // the service's own settings or files (mapping file, Dataverse settings): nothing the request can change
            return error(409, "not ready", cause.getMessage());
        }
        LOG.error("{} {} failed", method, path, cause);
        return error(500, "internal error", cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    static ApiResponse error(int status, String error, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        return ApiResponse.json(status, body);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable c = e;
        // Camel wraps what a bean throws; the API's own problem may sit a few causes down
        while (c != null && !(c instanceof ApiProblem) && !(c instanceof ConfigurationException) && c.getCause() != null
                && c.getCause() != c) {
            c = c.getCause();
        }
        return c instanceof ApiProblem || c instanceof ConfigurationException ? c : e;
    }
}
