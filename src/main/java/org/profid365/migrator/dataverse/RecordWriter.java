package org.profid365.migrator.dataverse;

import java.util.UUID;

/**
 * Writes one record at a time: create, upsert, update-only ({@code If-Match: *}), create-only
 * ({@code If-None-Match: *}), delete (404 = already gone = done), and closing a task. Errors come back in the
 * {@link WriteOutcome}, never as exceptions.
 */
public final class RecordWriter {

    private final DataverseClient client;

    public RecordWriter(DataverseClient client) {
        this.client = client;
    }

    /**
     * {@code POST /<entityset>}: 204 with the new id in {@code OData-EntityId}; the id may be chosen by the caller.
     * [webapi/create-entity-web-api]
     */
    public WriteOutcome create(TableRef table, RecordWrite record) {
        return send(record.key(), record.id(),
                DataverseRequest.post(table.entitySetName(), BulkBody.createRecord(table, record)), false);
    }

    /** {@code PATCH /<entityset>(<id>)}: creates or updates. [use-upsert-insert-update-record] */
    public WriteOutcome upsert(TableRef table, RecordWrite record) {
        return send(record.key(), requireId(record),
                DataverseRequest.patch(table.recordPath(record.id()), BulkBody.columns(table, record)), false);
    }

    /**
     * Update only: {@code If-Match: *} answers 404 (0x80040217) instead of creating a missing record.
     * [perform-conditional-operations-using-web-api]
     */
    public WriteOutcome update(TableRef table, RecordWrite record) {
        return send(record.key(), requireId(record),
                DataverseRequest.patch(table.recordPath(record.id()), BulkBody.columns(table, record))
                        .withHeader("If-Match", "*"), false);
    }

    /**
     * Create only: {@code If-None-Match: *} answers 412 (0x80040237) instead of overwriting an existing record.
     * [perform-conditional-operations-using-web-api]
     */
    public WriteOutcome createOnly(TableRef table, RecordWrite record) {
        return send(record.key(), requireId(record),
                DataverseRequest.patch(table.recordPath(record.id()), BulkBody.columns(table, record))
                        .withHeader("If-None-Match", "*"), false);
    }

    /** {@code DELETE}; a 404 means the record is already gone, which is what was wanted. [dataverse.md Deleting] */
    public WriteOutcome delete(TableRef table, String key, UUID id) {
        return send(key, id, DataverseRequest.delete(table.recordPath(id)), true);
    }

    /**
     * Closes a task that was created open with all its columns: a closed activity is read-only, so this PATCH
     * of state and status comes last ({@code 1/5} completed, {@code 2/6} canceled). [dataverse.md Writing records]
     */
    public WriteOutcome closeTask(String key, UUID activityId, int statecode, int statuscode) {
        if (statecode != 1 && statecode != 2) {
            throw new IllegalArgumentException("a task is closed with statecode 1 (completed) or 2 (canceled), not "
                    + statecode);
        }
        String body = "{\"statecode\":" + statecode + ",\"statuscode\":" + statuscode + "}";
        return send(key, activityId, DataverseRequest.patch(TableRef.TASK.recordPath(activityId), body)
                .withHeader("If-Match", "*"), false);
    }

    private static UUID requireId(RecordWrite r) {
        if (r.id() == null) {
            throw new IllegalArgumentException("record '" + r.key() + "' needs its primary key for this operation");
        }
        return r.id();
    }

    private WriteOutcome send(String key, UUID id, DataverseRequest request, boolean notFoundIsDone) {
        DataverseResponse response;
        try {
            response = client.execute(request);
        } catch (DataverseException e) {
            return WriteOutcome.failure(key, id, e.error(), null);
        }
        if (response.isSuccess() || (notFoundIsDone && response.status() == 404)) {
            UUID created = response.header("OData-EntityId").flatMap(BatchResponse::idOf).orElse(id);
            return WriteOutcome.success(key, created, response.requestId(), response.appUser());
        }
        return WriteOutcome.failure(key, id, response.error(), response.appUser());
    }
}
