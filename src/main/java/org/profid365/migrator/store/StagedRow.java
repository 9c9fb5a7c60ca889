package org.profid365.migrator.store;

import java.time.Instant;

/**
 * A source record ready for the staging table.
 *
 * @param payloadJson canonical JSON of the record's fields (keys sorted), the input of {@code contentHash}
 * @param valid       false when the record failed validation: it is staged as 'rejected' beside its dead letter
 */
public record StagedRow(String objectType, String profiId, String payloadJson, byte[] contentHash, Instant sourceUpdatedAt,
                        String sourceFile, long sourceLine, boolean valid) {
}
