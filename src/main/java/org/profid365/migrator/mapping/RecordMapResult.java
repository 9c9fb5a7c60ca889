package org.profid365.migrator.mapping;

/** What {@link RecordMapper#map} gives for one Profi record: a Dataverse payload, or the reason it cannot be written. */
public sealed interface RecordMapResult permits MappedRecord, RecordRejection {
}
