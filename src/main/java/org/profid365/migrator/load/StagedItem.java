package org.profid365.migrator.load;

import org.profid365.migrator.profi.ProfiRecord;

/**
 * A staged record claimed by a load batch.
 *
 * @param rowId    the staged_record row
 * @param record   the source record as staged
 * @param hash     its content hash (stored in id_map, so a later change is seen as an update)
 * @param exportId the export that last changed it (where its file bytes are)
 * @param payload  the staged JSON, kept for the dead letters
 * @param key      {@code <type>:<profi id>}, the record's key in a batch's failures (made once, asked often)
 */
public record StagedItem(long rowId, ProfiRecord record, byte[] hash, Long exportId, String payload, String key) {

    public StagedItem(long rowId, ProfiRecord record, byte[] hash, Long exportId, String payload) {
        this(rowId, record, hash, exportId, payload, record.object().typeName() + ":" + record.profiId());
    }
}
