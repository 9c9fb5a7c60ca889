package org.profid365.migrator.dataverse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a table supports a bulk message: support varies by table, and only a row in {@code sdkmessagefilters}
 * for the message and table says yes. Asked once per table and message, then cached. [bulk-operations]
 */
public final class BulkMessageSupport {

    private final DataverseClient client;
    private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

    public BulkMessageSupport(DataverseClient client) {
        this.client = client;
    }

    public boolean supports(String tableLogicalName, BulkMessage message) {
        return cache.computeIfAbsent(message.messageName() + "|" + tableLogicalName, k -> ask(tableLogicalName, message));
    }

    private boolean ask(String table, BulkMessage message) {
        ODataQuery q = ODataQuery.from("sdkmessagefilters")
                .select("sdkmessagefilterid")
                .filter("sdkmessageid/name eq " + ODataLiteral.string(message.messageName())
                        + " and primaryobjecttypecode eq " + ODataLiteral.string(table));
        DataverseResponse r = client.execute(DataverseRequest.get(q.toPath())).requireSuccess();
        return r.json().path("value").size() > 0;
    }

    /** Forgets the cached answers (after new tables were created). */
    public void clear() {
        cache.clear();
    }
}
