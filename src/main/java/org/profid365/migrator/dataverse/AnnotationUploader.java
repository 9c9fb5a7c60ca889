package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Creates a note with a file too large for one request: {@code InitializeAnnotationBlocksUpload} with the note as
 * {@code Target}, the bytes in {@code UploadBlock}s of at most 4 MB, then {@code CommitAnnotationBlocksUpload} with
 * the block list, which creates the note with its document [attachment-annotation-files]. The note's id is the
 * caller's, so a repeated upload after a crash meets "duplicate key" like any other create.
 */
public final class AnnotationUploader {

    /** The largest block the service takes. */
    public static final int BLOCK_BYTES = 4 * 1024 * 1024;

    private final DataverseClient client;

    public AnnotationUploader(DataverseClient client) {
        this.client = client;
    }

    /**
     * @param note  the annotation's columns (subject, filename, mimetype, the object bind), without documentbody
     * @param bytes the file
     */
    public WriteOutcome upload(String key, UUID id, ObjectNode note, byte[] bytes) {
        ObjectNode target = note.deepCopy();
        target.remove("documentbody");
        target.put("@odata.type", "Microsoft.Dynamics.CRM.annotation");
        target.put("annotationid", id.toString());
        try {
            ObjectNode init = DataverseJson.object();
            init.set("Target", target);
            DataverseResponse started = client.execute(DataverseRequest.post("InitializeAnnotationBlocksUpload",
                    DataverseJson.write(init)));
            if (!started.isSuccess()) {
                return WriteOutcome.failure(key, id, started.error(), started.appUser());
            }
            String token = started.json().path("FileContinuationToken").asText();
            ArrayNode blockList = DataverseJson.object().arrayNode();
            for (int at = 0, n = 0; at < bytes.length || n == 0; at += BLOCK_BYTES, n++) {
                int len = Math.min(BLOCK_BYTES, bytes.length - at);
                String blockId = Base64.getEncoder().encodeToString(String.format("%06d", n).getBytes(StandardCharsets.US_ASCII));
                ObjectNode block = DataverseJson.object();
                block.put("BlockId", blockId);
                block.put("BlockData", Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, at, at + len)));
                block.put("FileContinuationToken", token);
                DataverseResponse sent = client.execute(DataverseRequest.post("UploadBlock", DataverseJson.write(block)));
                if (!sent.isSuccess()) {
                    return WriteOutcome.failure(key, id, sent.error(), sent.appUser());
                }
                blockList.add(blockId);
                if (len <= 0) {
                    break;
                }
            }
            ObjectNode commit = DataverseJson.object();
            commit.set("Target", target);
            commit.set("BlockList", blockList);
            commit.put("FileContinuationToken", token);
            DataverseResponse done = client.execute(DataverseRequest.post("CommitAnnotationBlocksUpload",
                    DataverseJson.write(commit)));
            if (!done.isSuccess()) {
                return WriteOutcome.failure(key, id, done.error(), done.appUser());
            }
            return WriteOutcome.success(key, id, done.requestId(), done.appUser());
        } catch (DataverseException e) {
            return WriteOutcome.failure(key, id, e.error(), null);
        }
    }
}
