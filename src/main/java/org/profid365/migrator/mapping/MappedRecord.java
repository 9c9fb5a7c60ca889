package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * One Dataverse record made from one Profi record, ready to create.
 *
 * @param table   the target table's logical name ({@code contact})
 * @param id      the deterministic id ({@link RecordIds#of(String, String)}), also set as the primary key in the payload
 * @param payload exactly the mapped columns and {@code @odata.bind}s; empty source values are absent, never null
 * @param flags   what the report should show about this record (truncations, values without a target, defaults)
 */
public record MappedRecord(String table, UUID id, ObjectNode payload, List<String> flags) implements RecordMapResult {

    public MappedRecord {
        flags = List.copyOf(flags);
    }
}
