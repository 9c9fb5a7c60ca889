package org.profid365.migrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters an operation was started with (the JSON object of the request), checked against the names the
 * operation declares: an unknown name or a value of the wrong type is a 400 before anything starts.
 */
public final class OperationParams {

    private final ObjectNode values;

    private OperationParams(ObjectNode values) {
        this.values = values;
    }

    static OperationParams of(ObjectNode body, String operation, List<Operations.Param> declared) {
        List<String> names = declared.stream().map(Operations.Param::name).toList();
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest("unknown parameter", "operation '" + operation + "' takes "
                    + (names.isEmpty() ? "no parameters" : names) + ", not " + unknown);
        }
        OperationParams p = new OperationParams(body);
        // every declared type is checked now, so a bad value is a 400 before the operation starts
        for (Operations.Param d : declared) {
            switch (d.type()) {
                case "number" -> p.number(d.name(), 0, Long.MIN_VALUE, Long.MAX_VALUE);
                case "flag" -> p.flag(d.name(), false);
                default -> p.text(d.name(), null);
            }
        }
        return p;
    }

    /** A text parameter, or {@code fallback} when absent or null. */
    public String text(String name, String fallback) {
        JsonNode n = values.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw ApiProblem.badRequest("invalid parameter", "'" + name + "' must be text, not " + n);
        }
        return n.asText();
    }

    /** A whole-number parameter within {@code min..max}, or {@code fallback} when absent or null. */
    public long number(String name, long fallback, long min, long max) {
        JsonNode n = values.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            throw ApiProblem.badRequest("invalid parameter", "'" + name + "' must be a whole number from " + min
                    + " to " + max + ", not " + n);
        }
        return n.asLong();
    }

    /** A true/false parameter, or {@code fallback} when absent or null. */
    public boolean flag(String name, boolean fallback) {
        JsonNode n = values.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw ApiProblem.badRequest("invalid parameter", "'" + name + "' must be true or false, not " + n);
        }
        return n.asBoolean();
    }

    /** The parameters as given, for the run's record. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> m.put(e.getKey(), ApiJson.MAPPER.convertValue(e.getValue(), Object.class)));
        return m;
    }
}
