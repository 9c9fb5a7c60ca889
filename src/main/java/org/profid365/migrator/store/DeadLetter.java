package org.profid365.migrator.store;

/**
 * A record that could not move: which one, at which stage, which field, why, and its payload for replay.
 *
 * @param recordKey the Profi id, or {@code file:line} when the record has no usable id
 */
public record DeadLetter(String stage, String objectType, String recordKey, String profiId, String sourceFile,
                         long sourceLine, String field, String reason, String payloadJson) {
}
