package org.profid365.migrator.mapping;

/**
 * A Profi record that cannot be written as it is (it goes to the dead letters).
 *
 * @param recordKey {@code <object type>:<Profi id>} ({@code client:CL-1})
 * @param field     the Profi field whose value is the problem
 * @param reason    one sentence naming the record, the field and the value
 */
public record RecordRejection(String recordKey, String field, String reason) implements RecordMapResult {
}
