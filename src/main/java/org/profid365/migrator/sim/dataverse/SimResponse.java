package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, headers, body. */
final class SimResponse {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json; odata.metadata=minimal";

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;

    SimResponse(int status, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
    }

    static SimResponse noContent() {
        return new SimResponse(204, null);
    }

    static SimResponse json(int status, JsonNode node) {
        try {
            SimResponse response = new SimResponse(status, JSON.writeValueAsBytes(node));
            response.headers.put("Content-Type", JSON_TYPE);
            return response;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static SimResponse error(DataverseFault fault) {
        if (fault.code().isEmpty() && fault.getMessage().isEmpty()) {
            SimResponse empty = new SimResponse(fault.status(), null);
            empty.headers.putAll(fault.headers());
            return empty;
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", fault.code());
        error.put("message", fault.getMessage());
        SimResponse response = json(fault.status(), root);
        response.headers.putAll(fault.headers());
        return response;
    }

    SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
