package org.profid365.migrator.profi;

/** Why a record cannot be taken as it is: the field at fault and a sentence for a person. */
public record RecordProblem(String field, String reason) {
}
