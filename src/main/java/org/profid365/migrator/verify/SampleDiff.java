package org.profid365.migrator.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.ExpectedWrites;
import org.profid365.migrator.load.LoadContext;
import org.profid365.migrator.load.StagedItem;
import org.profid365.migrator.mapping.MappedRecord;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.RuleEngine;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.verify.FieldComparison.Row;
import org.profid365.migrator.verify.FieldComparison.Status;

/**
 * The field-level diff of a sample run: every record of the sample (run_sample) is mapped again with the approved
 * mapping, each record it makes is read back from Dynamics by id, and every field is compared
 * ({@link FieldComparison}). Records that went to the dead letters are listed with the reason; services, programs,
 * packages, participants and custom field definitions have no record of their own and are only counted.
 */
public final class SampleDiff {

    /** Object types that become records of their own. */
    private static final Set<String> WRITTEN = Set.of("coach", "company", "client", "enrollment", "payment", "invoice",
            "session", "note", "file");
    private static final int BATCH = 200;

    /** The diff of one sample run. */
    public record Result(long runId, List<Row> rows, DiffSummary summary, long records, long readThrough) {

        public long mismatches() {
            return summary.total(Status.MISMATCH);
        }

        /** Records of the sample that are not in Dynamics because they went to the dead letters (or are rejected now). */
        public long notWritten() {
            return rows.stream().filter(r -> r.field().equals(FieldComparison.RECORD_FIELD)
                    && r.status() == Status.NOT_MIGRATED && r.note().startsWith("dead letter")).count();
        }
    }

    private SampleDiff() {
    }

    public static Result of(MigratorContext ctx, DataverseConnection dv, MappingLoader.LoadedMapping mapping, long runId)
            throws SQLException {
        try (LoadContext load = LoadContext.open(ctx, dv, mapping)) {
            ExpectedWrites writes = new ExpectedWrites(load);
            TargetColumns columns = new TargetColumns(dv);
            FieldComparison comparison = new FieldComparison(mapping.mapping(), columns);
            ReadBack read = new ReadBack(dv, columns, comparison);
            DiffSummary summary = new DiffSummary();
            List<Row> rows = new ArrayList<>();
            long records = 0;
            long readThrough = 0;
            long after = 0;
            try (Connection c = ctx.store().connection()) {
                while (true) {
                    List<StagedItem> items = writes.sample(c, runId, after, BATCH);
                    if (items.isEmpty()) {
                        break;
                    }
                    after = items.get(items.size() - 1).rowId();
                    List<StagedItem> written = new ArrayList<>();
                    for (StagedItem i : items) {
                        if (WRITTEN.contains(i.record().object().typeName())) {
                            written.add(i);
                        }
                    }
                    readThrough += items.size() - written.size();
                    records += written.size();
                    compare(c, ctx.migration().id(), writes.of(c, written), read, summary, rows);
                }
            }
            return new Result(runId, rows, summary, records, readThrough);
        }
    }

    private static void compare(Connection c, long migrationId, ExpectedWrites.Batch batch, ReadBack read,
                                DiffSummary summary, List<Row> rows) throws SQLException {
        Map<String, String> letters = openLoadDeadLetters(c, migrationId, batch.records());
        Map<String, Set<UUID>> wanted = new LinkedHashMap<>();
        for (ExpectedWrites.Expected e : batch.records()) {
            if (!letters.containsKey(e.item().key()) && e.rejection() == null) {
                for (MappedRecord m : e.creates()) {
                    wanted.computeIfAbsent(m.table(), k -> new LinkedHashSet<>()).add(m.id());
                }
            }
        }
        Map<String, Map<UUID, ObjectNode>> actual = new HashMap<>();
        wanted.forEach((table, ids) -> actual.put(table, read.byIds(table, ids)));
        Set<UUID> existedBefore = matched(c, migrationId, wanted);
        FieldComparison comparison = read.comparison();
        for (ExpectedWrites.Expected e : batch.records()) {
            String letter = letters.get(e.item().key());
            List<Row> out = new ArrayList<>();
            if (letter != null) {
                out.add(FieldComparison.notWritten(e.item().record(), "", "dead letter: " + letter));
                summary.record("");
            } else if (e.rejection() != null) {
                out.add(FieldComparison.notWritten(e.item().record(), "", "dead letter (by the current mapping): "
                        + e.rejection().reason()));
                summary.record("");
            } else if (e.creates().isEmpty()) {
                out.add(FieldComparison.notWritten(e.item().record(), "", "no record of its own: "
                        + "its payment's row carries its number and status (rule payments-and-unpaid-invoices)"));
                summary.record("");
            }
            for (MappedRecord m : e.creates()) {
                if (letter != null || e.rejection() != null) {
                    break;
                }
                List<RuleEngine.StateChange> states = e.stateChanges().stream().filter(s -> s.id().equals(m.id())).toList();
                out.addAll(comparison.compare(e.item().record(), batch.related(), m, states,
                        actual.getOrDefault(m.table(), Map.of()).get(m.id()), existedBefore.contains(m.id())));
                summary.record(m.table());
            }
            out.forEach(summary::add);
            rows.addAll(out);
        }
    }

    /** The targets among these that existed in Dynamics before the migration (matched and updated, not created). */
    private static Set<UUID> matched(Connection c, long migrationId, Map<String, Set<UUID>> wanted) throws SQLException {
        Set<UUID> out = new java.util.HashSet<>();
        List<UUID> ids = new ArrayList<>();
        wanted.values().forEach(ids::addAll);
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "select target_id from id_map where migration_id = ? and target_id = any(?) and not created_by_us")) {
            ps.setLong(1, migrationId);
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /** The open load dead letters of these records, by {@code <type>:<id>}. */
    private static Map<String, String> openLoadDeadLetters(Connection c, long migrationId,
                                                           List<ExpectedWrites.Expected> records) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (records.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select object_type || ':' || profi_id, reason from dead_letter
                where migration_id = ? and replay_state <> 'resolved' and stage like 'load-%'
                  and object_type || ':' || profi_id = any(?)
                """)) {
            ps.setLong(1, migrationId);
            ps.setArray(2, c.createArrayOf("text", records.stream().map(e -> e.item().key()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
