package org.profid365.migrator.dataverse;

import java.util.Objects;

/**
 * What the client needs to know to write a table: logical name (in {@code @odata.type} and sdkmessagefilters),
 * entity set name (in URLs) and primary key column. For custom tables take it from
 * {@link MetadataClient#tableRef(String)}: the entity set name is read, never guessed.
 */
public record TableRef(String logicalName, String entitySetName, String primaryIdAttribute) {

    public TableRef {
        Objects.requireNonNull(logicalName, "logicalName");
        Objects.requireNonNull(entitySetName, "entitySetName");
        Objects.requireNonNull(primaryIdAttribute, "primaryIdAttribute");
    }

    /** Standard tables the migrator writes, as listed in dataverse.md ("Tables used"). */
    public static final TableRef CONTACT = new TableRef("contact", "contacts", "contactid");
    public static final TableRef ACCOUNT = new TableRef("account", "accounts", "accountid");
    public static final TableRef LEAD = new TableRef("lead", "leads", "leadid");
    /** A task's key is {@code activityid}, not taskid. */
    public static final TableRef TASK = new TableRef("task", "tasks", "activityid");
    public static final TableRef ANNOTATION = new TableRef("annotation", "annotations", "annotationid");
    public static final TableRef SYSTEMUSER = new TableRef("systemuser", "systemusers", "systemuserid");

    /** The URL of one record, e.g. {@code contacts(<guid>)}. */
    public String recordPath(java.util.UUID id) {
        return entitySetName + "(" + id + ")";
    }
}
