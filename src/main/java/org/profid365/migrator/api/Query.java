package org.profid365.migrator.api;

/** Query and path parameters, which arrive as text: checked here so a bad one is a 400 that names it. */
final class Query {

    private Query() {
    }

    static long number(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid parameter", "'" + name + "' must be a whole number, not '" + value + "'");
        }
        if (n < min || n > max) {
            throw ApiProblem.badRequest("invalid parameter", "'" + name + "' must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
