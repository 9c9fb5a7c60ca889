package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads request bodies; malformed JSON is the 0x80048d19 payload error. */
final class JsonBodies {

    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBodies() {
    }

    static JsonNode read(SimRequest request, String entitySet) {
        if (request.body().length == 0) {
            throw DataverseFault.badPayload(entitySet, "Microsoft.OData.ODataException: The request body is empty.");
        }
        try {
            JsonNode node = READER.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw DataverseFault.badPayload(entitySet, "Microsoft.OData.ODataException: The request body is empty.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DataverseFault.badPayload(entitySet, "Microsoft.OData.ODataException: Invalid JSON. "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw DataverseFault.badPayload(entitySet, "Microsoft.OData.ODataException: Invalid JSON. " + e.getMessage());
        }
    }
}
