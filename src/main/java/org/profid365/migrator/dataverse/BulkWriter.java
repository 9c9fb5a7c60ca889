package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes many records of one table and reports one {@link WriteOutcome} per record, in input order.
 *
 * <p>Where the table supports the message (a row in sdkmessagefilters) records go as CreateMultiple /
 * UpdateMultiple / UpsertMultiple in chunks of {@code dataverse.client.bulk-size}; elsewhere as {@code $batch} with
 * {@code Prefer: odata.continue-on-error}, at most {@code dataverse.client.batch-max-parts} requests each
 * [bulk-operations]. On standard tables one bad record rolls a whole bulk request back, so a chunk that fails
 * with a 4xx is sent again through {@code $batch} continue-on-error: the good records go in and each bad one gets
 * its own error [bulk-operations]. Chunks run in parallel; the pool and the per-user budgets bound how many are in
 * flight. Deletes have no bulk message on standard tables and always go as {@code $batch}.
 */
public final class BulkWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DataverseClient client;
    private final BulkMessageSupport support;
    private final DataverseSettings settings;
    private final ExecutorService executor;

    public BulkWriter(DataverseClient client, BulkMessageSupport support) {
        this.client = client;
        this.support = support;
        this.settings = client.settings();
        this.executor = Executors.newFixedThreadPool(settings.writerThreads(), r -> {
            Thread t = new Thread(r, "dataverse-writer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public List<WriteOutcome> create(TableRef table, List<RecordWrite> records) {
        return write(BulkMessage.CREATE_MULTIPLE, table, records);
    }

    /** Updates existing records only (a missing one fails with 0x80040217); shared keys are merged first. */
    public List<WriteOutcome> update(TableRef table, List<RecordWrite> records) {
        return write(BulkMessage.UPDATE_MULTIPLE, table, records);
    }

    /** Upserts by primary key; records sharing a key are merged first (later columns win). [bulk-operations] */
    public List<WriteOutcome> upsert(TableRef table, List<RecordWrite> records) {
        return write(BulkMessage.UPSERT_MULTIPLE, table, records);
    }

    /**
     * Deletes records by primary key, {@code $batch} with continue-on-error in chunks of
     * {@code dataverse.client.batch-max-parts}; a 404 means the record is already gone, which counts as done.
     * One outcome per id, in input order (the key is the id). [dataverse.md Deleting]
     */
    public List<WriteOutcome> delete(TableRef table, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<RecordWrite> records = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            records.add(RecordWrite.of(id.toString(), id, DataverseJson.object()));
        }
        List<List<RecordWrite>> chunks = new ArrayList<>();
        for (int i = 0; i < records.size(); i += settings.batchMaxParts()) {
            chunks.add(records.subList(i, Math.min(records.size(), i + settings.batchMaxParts())));
        }
        return runChunks(chunks, chunk -> sendBatch(table, chunk,
                r -> BatchOperation.delete(table.recordPath(r.id())), false, true));
    }

    public List<WriteOutcome> write(BulkMessage message, TableRef table, List<RecordWrite> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        if (message != BulkMessage.CREATE_MULTIPLE) {
            for (RecordWrite r : records) {
                if (r.id() == null) {
                    throw new IllegalArgumentException(message.messageName() + " needs the primary key of every "
                            + "record; '" + r.key() + "' has none");
                }
            }
        }
        // Duplicate keys inside one UpsertMultiple are an error: merge them first (updates alike). [bulk-operations]
        List<RecordWrite> unique = records;
        int[] sourceOf = null;
        if (message != BulkMessage.CREATE_MULTIPLE) {
            Map<UUID, Integer> slot = new LinkedHashMap<>();
            List<RecordWrite> merged = new ArrayList<>();
            sourceOf = new int[records.size()];
            for (int i = 0; i < records.size(); i++) {
                RecordWrite r = records.get(i);
                Integer at = slot.get(r.id());
                if (at == null) {
                    slot.put(r.id(), merged.size());
                    sourceOf[i] = merged.size();
                    merged.add(new RecordWrite(r.key(), r.id(), r.columns().deepCopy()));
                } else {
                    RecordWrite kept = merged.get(at);
                    kept.columns().setAll(r.columns());
                    sourceOf[i] = at;
                }
            }
            if (merged.size() < records.size()) {
                LOG.info("{} on {}: {} records share a primary key with another and were merged", message.messageName(),
                        table.logicalName(), records.size() - merged.size());
            }
            unique = merged;
        }
        boolean bulk = support.supports(table.logicalName(), message);
        int chunkSize = bulk ? settings.bulkSize() : settings.batchMaxParts();
        List<List<RecordWrite>> chunks = new ArrayList<>();
        for (int i = 0; i < unique.size(); i += chunkSize) {
            chunks.add(unique.subList(i, Math.min(unique.size(), i + chunkSize)));
        }
        List<WriteOutcome> uniqueOutcomes = runChunks(chunks, chunk -> bulk
                ? sendBulk(message, table, chunk)
                : sendBatch(message, table, chunk));
        if (sourceOf == null) {
            return uniqueOutcomes;
        }
        List<WriteOutcome> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            WriteOutcome o = uniqueOutcomes.get(sourceOf[i]);
            out.add(new WriteOutcome(records.get(i).key(), o.id(), o.ok(), o.error(), o.requestId(), o.appUser()));
        }
        return out;
    }

    private interface ChunkSender {
        List<WriteOutcome> send(List<RecordWrite> chunk);
    }

    private List<WriteOutcome> runChunks(List<List<RecordWrite>> chunks, ChunkSender sender) {
        if (chunks.size() == 1) {
            return sender.send(chunks.get(0));
        }
        List<Future<List<WriteOutcome>>> futures = new ArrayList<>();
        for (List<RecordWrite> chunk : chunks) {
            futures.add(executor.submit(() -> sender.send(chunk)));
        }
        List<WriteOutcome> out = new ArrayList<>();
        for (Future<List<WriteOutcome>> f : futures) {
            try {
                out.addAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new DataverseException(DataverseError.transport("interrupted while writing", false));
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
            }
        }
        return out;
    }

    /** One bulk request; on a 4xx the chunk is isolated through $batch so one bad record cannot sink the rest. */
    private List<WriteOutcome> sendBulk(BulkMessage message, TableRef table, List<RecordWrite> chunk) {
        DataverseRequest request = DataverseRequest.post(message.actionPath(table), BulkBody.targets(table, chunk));
        DataverseResponse response;
        try {
            response = client.execute(request);
        } catch (DataverseException e) {
            return failAll(chunk, e.error(), null);
        }
        if (response.isSuccess()) {
            List<UUID> ids = new ArrayList<>();
            if (message == BulkMessage.CREATE_MULTIPLE) {
                for (JsonNode id : response.json().path("Ids")) {
                    ids.add(UUID.fromString(id.asText()));
                }
            }
            List<WriteOutcome> out = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                RecordWrite r = chunk.get(i);
                UUID id = i < ids.size() ? ids.get(i) : r.id(); // CreateMultiple returns the ids in order
                out.add(WriteOutcome.success(r.key(), id, response.requestId(), response.appUser()));
            }
            return out;
        }
        int s = response.status();
        if (s >= 400 && s < 500 && s != 401 && s != 403) {
            DataverseError error = response.error();
            LOG.info("{} on {} failed for a chunk of {} ({}); sending them through $batch to find the bad records",
                    message.messageName(), table.logicalName(), chunk.size(), error.codeOrStatus());
            return sendBatch(message, table, chunk);
        }
        return failAll(chunk, response.error(), response.appUser());
    }

    /**
     * One {@code $batch} with continue-on-error: one part per record, answered in order. Parts answered 429/503
     * are sent again after their wait, within the give-up time. [webapi/execute-batch-operations-using-web-api]
     */
    private List<WriteOutcome> sendBatch(BulkMessage message, TableRef table, List<RecordWrite> chunk) {
        return sendBatch(table, chunk, r -> operation(message, table, r), message == BulkMessage.CREATE_MULTIPLE, false);
    }

    /** As above for any one-request-per-record operation; {@code notFoundIsDone} makes a 404 part a success. */
    private List<WriteOutcome> sendBatch(TableRef table, List<RecordWrite> chunk,
                                         Function<RecordWrite, BatchOperation> operation, boolean creates,
                                         boolean notFoundIsDone) {
        WriteOutcome[] out = new WriteOutcome[chunk.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            pending.add(i);
        }
        Instant started = client.clock().instant();
        int round = 0;
        while (!pending.isEmpty()) {
            round++;
            BatchRequest batch = BatchRequest.create(settings.apiPath());
            for (int i : pending) {
                batch.add(operation.apply(chunk.get(i)));
            }
            DataverseResponse response;
            try {
                response = client.execute(batch.toRequest(true));
            } catch (DataverseException e) {
                for (int i : pending) {
                    out[i] = WriteOutcome.failure(chunk.get(i).key(), chunk.get(i).id(), e.error(), null);
                }
                break;
            }
            if (!response.isSuccess()) {
                DataverseError error = response.error();
                for (int i : pending) {
                    out[i] = WriteOutcome.failure(chunk.get(i).key(), chunk.get(i).id(), error, response.appUser());
                }
                break;
            }
            List<BatchResponse.Part> parts = BatchResponse.parse(response.header("Content-Type").orElse(null),
                    response.body()).parts();
            List<Integer> again = new ArrayList<>();
            Duration wait = Duration.ZERO;
            boolean tooFast = false;
            for (int p = 0; p < pending.size(); p++) {
                int i = pending.get(p);
                RecordWrite r = chunk.get(i);
                if (p >= parts.size()) {
                    out[i] = WriteOutcome.failure(r.key(), r.id(), new DataverseError(response.status(), "",
                            "the $batch answer has no part for this record", false, response.requestId()),
                            response.appUser());
                    continue;
                }
                BatchResponse.Part part = parts.get(p);
                String requestId = part.requestId() != null ? part.requestId() : response.requestId();
                if (part.isSuccess() || (notFoundIsDone && part.status() == 404)) {
                    UUID id = creates ? part.entityId().orElse(r.id()) : r.id();
                    out[i] = WriteOutcome.success(r.key(), id, requestId, response.appUser());
                } else if (DataverseError.isRetryableStatus(part.status())) {
                    again.add(i);
                    tooFast |= DataverseError.meansTooManyAtOnce(part.status(), part.error().code());
                    Duration w = RetryAfter.parse(part.header("Retry-After").orElse(null), client.clock().instant())
                            .orElseGet(() -> client.backoffAfter(1));
                    wait = w.compareTo(wait) > 0 ? w : wait;
                    out[i] = WriteOutcome.failure(r.key(), r.id(), part.error(), response.appUser());
                } else {
                    DataverseError e = part.error();
                    out[i] = WriteOutcome.failure(r.key(), r.id(), e.requestId() == null
                            ? new DataverseError(e.status(), e.code(), e.message(), e.retryable(), requestId) : e,
                            response.appUser());
                }
            }
            if (again.isEmpty() || client.tooLate(started, wait)) {
                break;
            }
            // A throttled part is a throttled request: the user waits before anything else goes. [api-limits]
            client.throttled(response.appUser(), wait, tooFast);
            LOG.warn("$batch round {} on {}: {} parts throttled; sending them again after {} ms", round,
                    table.logicalName(), again.size(), wait.toMillis());
            pending = again;
        }
        return Arrays.asList(out);
    }

    private static BatchOperation operation(BulkMessage message, TableRef table, RecordWrite r) {
        return switch (message) {
            case CREATE_MULTIPLE -> BatchOperation.post(table.entitySetName(), BulkBody.createRecord(table, r));
            // Update only: If-Match: * refuses to create a missing record. [perform-conditional-operations-using-web-api]
            case UPDATE_MULTIPLE -> BatchOperation.patch(table.recordPath(r.id()), BulkBody.columns(table, r))
                    .withHeader("If-Match", "*");
            // PATCH without a condition creates or updates. [use-upsert-insert-update-record]
            case UPSERT_MULTIPLE -> BatchOperation.patch(table.recordPath(r.id()), BulkBody.columns(table, r));
        };
    }

    private static List<WriteOutcome> failAll(List<RecordWrite> chunk, DataverseError error, String appUser) {
        List<WriteOutcome> out = new ArrayList<>(chunk.size());
        for (RecordWrite r : chunk) {
            out.add(WriteOutcome.failure(r.key(), r.id(), error, appUser));
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
