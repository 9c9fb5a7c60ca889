package org.profid365.migrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The API's JSON: instants as ISO-8601 text; request bodies must be JSON objects. */
final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ApiJson() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an API answer is always serialisable", e);
        }
    }

    /** A request body as a JSON object; an empty body is an empty object. */
    static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            return MAPPER.createObjectNode();
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("invalid JSON", "the request body is not JSON: " + e.getOriginalMessage());
        }
        if (!(n instanceof ObjectNode o)) {
            throw ApiProblem.badRequest("invalid JSON", "the request body must be a JSON object, not " + n.getNodeType());
        }
        return o;
    }

    /** Stored JSON text (run counters) as a tree; null or unreadable text is an empty object. */
    static JsonNode tree(String json) {
        if (json == null) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }
}
