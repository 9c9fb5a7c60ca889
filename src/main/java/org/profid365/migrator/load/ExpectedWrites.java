package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.profid365.migrator.mapping.MappedRecord;
import org.profid365.migrator.mapping.RecordRejection;
import org.profid365.migrator.mapping.RelatedRecords;
import org.profid365.migrator.mapping.RuleEngine;
import org.profid365.migrator.profi.ProfiObject;

/**
 * What the load writes for staged records, computed again without writing anything: the same related records,
 * field mapper and rules as a load batch. The expected side of the read-back comparison of {@code migrate --sample}
 * and {@code verify}.
 */
public final class ExpectedWrites {

    /** The writes of one staged record (creates, then state changes), or why it cannot be written. */
    public record Expected(StagedItem item, List<RuleEngine.Write> writes, RecordRejection rejection) {

        public List<MappedRecord> creates() {
            List<MappedRecord> out = new ArrayList<>();
            for (RuleEngine.Write w : writes) {
                if (w instanceof RuleEngine.Create c) {
                    out.add(c.record());
                }
            }
            return out;
        }

        public List<RuleEngine.StateChange> stateChanges() {
            List<RuleEngine.StateChange> out = new ArrayList<>();
            for (RuleEngine.Write w : writes) {
                if (w instanceof RuleEngine.StateChange s) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /** The expected writes of a batch of records, and the related records they were computed from. */
    public record Batch(List<Expected> records, RelatedRecords related) {
    }

    private final LoadContext load;
    private final BatchMapper mapper;

    /** Reads which Profi records were matched to records that existed before, so the expected ids are theirs. */
    public ExpectedWrites(LoadContext load) throws SQLException {
        this.load = load;
        this.mapper = new BatchMapper(load);
        load.refreshMatches();
    }

    public Batch of(Connection c, List<StagedItem> items) throws SQLException {
        BatchRelated related = BatchRelated.fetch(c, load, items);
        List<Expected> out = new ArrayList<>(items.size());
        for (MappedItem m : mapper.map(items, related)) {
            out.add(new Expected(m.item(), m.writes(), m.rejection()));
        }
        return new Batch(out, related);
    }

    /** Staged records of one type by Profi id, whatever their load state. */
    public List<StagedItem> staged(Connection c, ProfiObject object, Collection<String> profiIds) throws SQLException {
        return load.staged().items(c, object, profiIds);
    }

    /** The records of sample run {@code runId} after staged row {@code afterRow}, in row order. */
    public List<StagedItem> sample(Connection c, long runId, long afterRow, int limit) throws SQLException {
        return load.staged().sampleItems(c, runId, afterRow, limit);
    }
}
