package org.profid365.migrator.sim.dataverse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Web API request as the handlers see it, whether it came over HTTP or out of a $batch part.
 *
 * @param method   the HTTP method, upper case
 * @param resource the path after {@code /api/data/v9.2/}, percent-decoded ({@code contacts(…)}, {@code $batch})
 * @param rawQuery the query string as sent, or null
 * @param headers  request headers, names case-insensitive
 * @param body     the body bytes (empty when none)
 */
record SimRequest(String method, String resource, String rawQuery, Map<String, String> headers, byte[] body) {

    SimRequest {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
    }

    String header(String name) {
        return headers.get(name);
    }

    /** Query options, decoded; '+' means a space, as ASP.NET reads query strings. A repeated option is a 400. */
    Map<String, String> query() {
        Map<String, String> options = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return options;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (options.put(name, value) != null) {
                throw DataverseFault.badRequest(DataverseFault.ODATA_CODE,
                        "Query option '" + name + "' was specified more than once, but it must be specified at most once.");
            }
        }
        return options;
    }

    /** The Prefer header's preferences, names lower case ({@code return=representation}, {@code odata.maxpagesize=10}). */
    Map<String, String> preferences() {
        Map<String, String> preferences = new LinkedHashMap<>();
        String prefer = header("Prefer");
        if (prefer == null) {
            return preferences;
        }
        for (String part : prefer.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String name = (eq < 0 ? item : item.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
            String value = eq < 0 ? "" : item.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            preferences.put(name, value);
        }
        return preferences;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw DataverseFault.badRequest(DataverseFault.ODATA_CODE, "The query string '" + raw + "' is not validly encoded.");
        }
    }
}
