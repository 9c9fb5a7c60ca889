package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Note attachments in blocks: {@code InitializeAnnotationBlocksUpload} → {@code UploadBlock}… →
 * {@code CommitAnnotationBlocksUpload} [attachment-annotation-files]. The committed file obeys the same size limit as
 * {@code documentbody} (measured on its base64 text).
 */
final class AnnotationBlocks {

    private static final int MAX_BLOCK_BYTES = 4 * 1024 * 1024;

    private final SimState state;
    private final RecordWriter writer;
    private final Map<String, Map<String, byte[]>> uploads = new ConcurrentHashMap<>();

    AnnotationBlocks(SimState state, RecordWriter writer) {
        this.state = state;
        this.writer = writer;
    }

    SimResponse handle(SimRequest request, RequestContext context) {
        if (!request.method().equals("POST")) {
            throw DataverseFault.noResource(state.baseUrl + request.resource());
        }
        JsonNode body = JsonBodies.read(request, "annotations");
        context.count(1);
        return switch (request.resource()) {
            case "InitializeAnnotationBlocksUpload" -> initialize(body, context);
            case "UploadBlock" -> upload(body);
            default -> commit(request, body, context);
        };
    }

    private SimResponse initialize(JsonNode body, RequestContext context) {
        SimTable annotation = state.metadata.table("annotation");
        JsonNode target = target(body);
        // the note may carry its own id (a create may choose it): validate against that one
        UUID id = target.hasNonNull("annotationid") ? parseId(target.path("annotationid").asText()) : UUID.randomUUID();
        state.store.atomically(() -> writer.validator().changes(annotation, target, null, id));
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (UUID.randomUUID() + ":" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        uploads.put(token, new LinkedHashMap<>());
        ObjectNode answer = SimResponse.JSON.createObjectNode();
        answer.put("@odata.context", state.baseUrl + "$metadata#Microsoft.Dynamics.CRM.InitializeAnnotationBlocksUploadResponse");
        answer.put("FileContinuationToken", token);
        return SimResponse.json(200, answer);
    }

    private SimResponse upload(JsonNode body) {
        Map<String, byte[]> blocks = session(body);
        String blockId = body.path("BlockId").asText(null);
        if (blockId == null || blockId.isEmpty()) {
            throw DataverseFault.invalidArgument("UploadBlock needs a BlockId.");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(body.path("BlockData").asText(""));
        } catch (IllegalArgumentException e) {
            throw DataverseFault.notConvertible("BlockData", "Edm.Binary");
        }
        if (data.length > MAX_BLOCK_BYTES) {
            throw DataverseFault.invalidArgument("A block may hold at most 4 MB; this one has " + data.length + " bytes.");
        }
        synchronized (blocks) {
            blocks.put(blockId, data);
        }
        return SimResponse.noContent();
    }

    private SimResponse commit(SimRequest request, JsonNode body, RequestContext context) {
        Map<String, byte[]> blocks = session(body);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        synchronized (blocks) {
            for (JsonNode id : body.path("BlockList")) {
                byte[] block = blocks.get(id.asText());
                if (block == null) {
                    throw DataverseFault.invalidArgument("Block '" + id.asText() + "' of the BlockList was not uploaded.");
                }
                file.writeBytes(block);
            }
        }
        String base64 = Base64.getEncoder().encodeToString(file.toByteArray());
        if (base64.length() > state.options.attachmentMaxBytes()) {
            throw DataverseFault.attachmentTooBig();
        }
        ObjectNode target = target(body).deepCopy();
        target.remove("@odata.type");
        target.put("documentbody", base64);
        SimTable annotation = state.metadata.table("annotation");
        SimRecord note = state.store.atomically(() ->
                writer.create(annotation, target, null, context, state.options.duplicateCreateStatus()));
        uploads.remove(body.path("FileContinuationToken").asText());
        ObjectNode answer = SimResponse.JSON.createObjectNode();
        answer.put("@odata.context", state.baseUrl + "$metadata#Microsoft.Dynamics.CRM.CommitAnnotationBlocksUploadResponse");
        answer.put("AnnotationId", note.id().toString());
        answer.put("FileSizeInBytes", file.size());
        return SimResponse.json(200, answer);
    }

    private static UUID parseId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw DataverseFault.notConvertible("annotationid", "Edm.Guid");
        }
    }

    private static JsonNode target(JsonNode body) {
        JsonNode target = body.path("Target");
        if (!target.isObject()) {
            throw DataverseFault.badPayload("annotations", "Microsoft.OData.ODataException: The parameter 'Target' is missing.");
        }
        return target;
    }

    private Map<String, byte[]> session(JsonNode body) {
        Map<String, byte[]> blocks = uploads.get(body.path("FileContinuationToken").asText(""));
        if (blocks == null) {
            throw DataverseFault.invalidArgument("The FileContinuationToken is not valid (unknown or already committed).");
        }
        return blocks;
    }
}
