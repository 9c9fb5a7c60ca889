package org.profid365.migrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.RecordWriter;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.load.TableWriter;

/** The naive baseline: one request per record (POST to create, PATCH with If-Match to update), one after another. */
final class PerRecordWriter implements TableWriter {

    private final RecordWriter writer;
    private final AtomicLong sent = new AtomicLong();

    PerRecordWriter(RecordWriter writer) {
        this.writer = writer;
    }

    /** Write requests sent (a retry inside the client not counted). */
    long requests() {
        return sent.get();
    }

    @Override
    public List<WriteOutcome> create(TableRef table, List<RecordWrite> records) {
        List<WriteOutcome> out = new ArrayList<>(records.size());
        for (RecordWrite r : records) {
            sent.incrementAndGet();
            out.add(writer.create(table, r));
        }
        return out;
    }

    @Override
    public List<WriteOutcome> update(TableRef table, List<RecordWrite> records) {
        List<WriteOutcome> out = new ArrayList<>(records.size());
        for (RecordWrite r : records) {
            sent.incrementAndGet();
            out.add(writer.update(table, r));
        }
        return out;
    }
}
