package org.profid365.migrator.load;

import java.util.List;
import org.profid365.migrator.dataverse.BulkWriter;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;

/**
 * How a batch's writes of one table reach Dataverse, one outcome per record in input order. The load always writes
 * in bulk; the benchmark swaps in a one-request-per-record writer to measure what bulk gains.
 */
public interface TableWriter {

    List<WriteOutcome> create(TableRef table, List<RecordWrite> records);

    /** Updates existing records only (the task state changes, changed records). */
    List<WriteOutcome> update(TableRef table, List<RecordWrite> records);

    /** CreateMultiple / UpdateMultiple where the table supports them, else {@code $batch}. */
    static TableWriter bulk(BulkWriter writer) {
        return new TableWriter() {
            @Override
            public List<WriteOutcome> create(TableRef table, List<RecordWrite> records) {
                return writer.create(table, records);
            }

            @Override
            public List<WriteOutcome> update(TableRef table, List<RecordWrite> records) {
                return writer.update(table, records);
            }
        };
    }
}
