package org.profid365.migrator.dataverse;

/**
 * The bulk messages: {@code POST /<entityset>/Microsoft.Dynamics.CRM.<Message>} with {@code {"Targets":[...]}}.
 * CreateMultiple answers 200 {@code {"Ids":[...]}}, the others 204. [bulk-operations]
 */
public enum BulkMessage {
    CREATE_MULTIPLE("CreateMultiple"),
    UPDATE_MULTIPLE("UpdateMultiple"),
    UPSERT_MULTIPLE("UpsertMultiple");

    private final String messageName;

    BulkMessage(String messageName) {
        this.messageName = messageName;
    }

    /** The SDK message name, as in sdkmessagefilters and in the action path. */
    public String messageName() {
        return messageName;
    }

    public String actionPath(TableRef table) {
        return table.entitySetName() + "/Microsoft.Dynamics.CRM." + messageName;
    }
}
