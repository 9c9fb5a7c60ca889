package org.profid365.migrator.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a record's fields into canonical JSON (keys sorted), the input of its content hash, so the same record read
 * from a CSV with other column order, or from the HTTP API, hashes the same and a real change hashes differently.
 */
final class RecordCanonicaliser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordCanonicaliser() {
    }

    static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always serialisable", e);
        }
    }
}
