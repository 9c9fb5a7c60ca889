package org.profid365.migrator.load;

import java.util.List;
import org.profid365.migrator.mapping.RecordRejection;
import org.profid365.migrator.mapping.RuleEngine;

/**
 * A claimed record after mapping: its Dataverse writes (creates, then state changes), or why it cannot be written.
 * A record with no writes and no rejection (an invoice that has payments) is done as it is.
 */
record MappedItem(StagedItem item, List<RuleEngine.Write> writes, RecordRejection rejection) {

    MappedItem {
        writes = List.copyOf(writes);
    }

    static MappedItem rejected(StagedItem item, String field, String reason) {
        return new MappedItem(item, List.of(), new RecordRejection(item.key(), field, reason));
    }

    boolean isRejected() {
        return rejection != null;
    }
}
