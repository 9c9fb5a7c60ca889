package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;

/**
 * One record to write: the caller's key (reported back in its {@link WriteOutcome}), the primary key when the
 * caller sets it (deterministic ids make creates repeatable [webapi/create-entity-web-api]), and the columns
 * without the primary key.
 */
public record RecordWrite(String key, UUID id, ObjectNode columns) {

    public RecordWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(columns, "columns");
    }

    public static RecordWrite of(String key, UUID id, ObjectNode columns) {
        return new RecordWrite(key, id, columns);
    }
}
