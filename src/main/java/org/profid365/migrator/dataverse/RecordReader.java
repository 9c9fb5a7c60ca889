package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads records page by page: every page is asked for with {@code Prefer: odata.maxpagesize=N} and the next one
 * by following {@code @odata.nextLink} unchanged, and each page is handed to the consumer before the next is
 * fetched, so memory holds one page at a time. [webapi/query-data-web-api]
 */
public final class RecordReader {

    private final DataverseClient client;
    private final int pageSize;

    public RecordReader(DataverseClient client) {
        this(client, client.settings().pageSize());
    }

    public RecordReader(DataverseClient client, int pageSize) {
        if (pageSize < 1 || pageSize > DataverseSettings.PAGE_LIMIT) {
            throw new IllegalArgumentException("page size must be 1.." + DataverseSettings.PAGE_LIMIT);
        }
        this.client = client;
        this.pageSize = pageSize;
    }

    /** Hands every page to {@code pages}, in order; returns the number of records read. */
    public long forEachPage(ODataQuery query, Consumer<List<ObjectNode>> pages) {
        String next = query.toPath();
        long count = 0;
        while (next != null) {
            DataverseResponse response = client.execute(DataverseRequest.get(next)
                    .withHeader("Prefer", "odata.maxpagesize=" + pageSize)).requireSuccess();
            JsonNode page = response.json();
            List<ObjectNode> records = new ArrayList<>();
            for (JsonNode row : page.path("value")) {
                if (row instanceof ObjectNode o) {
                    records.add(o);
                }
            }
            count += records.size();
            if (!records.isEmpty()) {
                pages.accept(records);
            }
            JsonNode link = page.get("@odata.nextLink");
            next = link == null || link.isNull() ? null : link.asText();
        }
        return count;
    }

    /** Hands every record to {@code records}, one page in memory at a time. */
    public long forEach(ODataQuery query, Consumer<ObjectNode> records) {
        return forEachPage(query, page -> page.forEach(records));
    }

    /** All records of a query that is known to be small (owners, choice rows); big reads use {@link #forEach}. */
    public List<ObjectNode> readAll(ODataQuery query) {
        List<ObjectNode> all = new ArrayList<>();
        forEachPage(query, all::addAll);
        return all;
    }

    /** The first record of a query, if any. */
    public Optional<ObjectNode> findFirst(ODataQuery query) {
        DataverseResponse response = client.execute(DataverseRequest.get(query.top(1).toPath())).requireSuccess();
        JsonNode first = response.json().path("value").path(0);
        return first instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }

    /** One record by primary key; empty when it does not exist (404). */
    public Optional<ObjectNode> retrieve(String entitySet, UUID id, String... select) {
        String path = entitySet + "(" + id + ")"
                + (select.length == 0 ? "" : "?$select=" + ODataQuery.encode(String.join(",", select)));
        DataverseResponse response = client.execute(DataverseRequest.get(path));
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode json = response.requireSuccess().json();
        return json instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    }
}
