package org.profid365.migrator.rollback;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseError;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.store.AuditLog;

/**
 * Puts back what the migration changed on records it did not create: records it matched (id_map
 * {@code created_by_us = false}, whose {@code before_image} was kept write-ahead the first time the record was touched)
 * and every {@code update} and {@code state} change in the audit log, newest first, so a record changed twice ends as
 * it was before the first change (the id_map image, the oldest, last). Records the migration created are left out
 * (they are deleted), and so are rows a rollback wrote itself. A target is done once a {@code restore} row follows its
 * changes and its id_map row is {@code deleted} without a before-image (the next match reads a fresh one); a second
 * rollback finds nothing.
 *
 * <p>A closed task is read-only: a state that reopens goes first, then the columns, then a state that closes.
 */
final class BeforeImages {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Audit rows (alias a, run r) whose change is still to be undone. */
    private static final String PENDING = """
            a.migration_id = ? and a.operation in ('update', 'state') and a.before_image is not null
              and r.kind <> 'rollback'
              and not exists (select 1 from id_map m where m.migration_id = a.migration_id
                              and m.target_table = a.target_table and m.target_id = a.target_id and m.created_by_us)
              and not exists (select 1 from audit_log b where b.migration_id = a.migration_id
                              and b.target_table = a.target_table and b.target_id = a.target_id
                              and b.operation = 'restore' and b.id > a.id)
            """;
    /** Matched records (id_map alias m) whose before-image is still to be put back. */
    private static final String MATCHED = "m.migration_id = ? and not m.created_by_us and m.before_image is not null";

    /** What to put back on one record: its columns, its state, and what the migration had written (newest). */
    private record Target(String table, UUID id, ObjectNode columns, ObjectNode state, ObjectNode migrated) {
    }

    /** What a restore did. */
    record Result(long restored, long gone, List<String> failures) {
    }

    private final DataSource ds;
    private final long migrationId;
    private final DataverseConnection dv;
    private final int pageSize;

    BeforeImages(DataSource ds, long migrationId, DataverseConnection dv, int pageSize) {
        this.ds = ds;
        this.migrationId = migrationId;
        this.dv = dv;
        this.pageSize = pageSize;
    }

    /** How many records have changes left to undo. */
    long pending() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select count(*) from (
                    select a.target_table, a.target_id from audit_log a join run r on r.id = a.run_id where %s
                    union
                    select m.target_table, m.target_id from id_map m where %s) t
                """.formatted(PENDING, MATCHED))) {
            ps.setLong(1, migrationId);
            ps.setLong(2, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Result restore(long runId) throws SQLException {
        long restored = 0;
        long gone = 0;
        List<String> failures = new ArrayList<>();
        String afterTable = "";
        UUID afterId = new UUID(0, 0);
        while (true) {
            List<Target> page = page(afterTable, afterId);
            if (page.isEmpty()) {
                return new Result(restored, gone, failures);
            }
            afterTable = page.get(page.size() - 1).table();
            afterId = page.get(page.size() - 1).id();
            Map<String, List<Target>> byTable = new LinkedHashMap<>();
            page.forEach(t -> byTable.computeIfAbsent(t.table(), k -> new ArrayList<>()).add(t));
            List<AuditLog.Row> audit = new ArrayList<>();
            for (Map.Entry<String, List<Target>> e : byTable.entrySet()) {
                TableRef table = dv.metadata().tableRef(e.getKey());
                Map<UUID, String> failed = new LinkedHashMap<>();
                Map<UUID, WriteOutcome> last = new LinkedHashMap<>();
                List<Target> targets = e.getValue();
                write(table, targets, t -> t.state() != null && t.state().path("statecode").asInt() == 0, Target::state,
                        failed, last);
                write(table, targets, t -> !t.columns().isEmpty(), Target::columns, failed, last);
                write(table, targets, t -> t.state() != null && t.state().path("statecode").asInt() != 0, Target::state,
                        failed, last);
                for (Target t : targets) {
                    String why = failed.get(t.id());
                    if (why == null) {
                        ObjectNode written = t.columns().deepCopy();
                        if (t.state() != null) {
                            written.setAll(t.state());
                        }
                        WriteOutcome o = last.get(t.id());
                        audit.add(new AuditLog.Row(t.table(), t.id(), "restore", written, t.migrated(),
                                o == null ? null : o.appUser(), o == null ? null : o.requestId()));
                        restored++;
                    } else if (why.isEmpty()) {
                        // deleted since by someone else: nothing to restore, and nothing to try again
                        audit.add(new AuditLog.Row(t.table(), t.id(), "restore", JSON.objectNode(), null, null, null));
                        gone++;
                    } else {
                        failures.add(t.table() + " " + t.id() + " could not be restored: " + why);
                    }
                }
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                AuditLog.insert(c, runId, migrationId, audit);
                forgetMatch(c, runId, audit);
                c.commit();
            }
        }
    }

    /**
     * A restored matched record's id_map row is undone like a created one's ({@code deleted}: the record stays, the
     * match does not) and its before-image and content hash are spent: a later load matches it again, reads a fresh
     * before-image (users may change the record meanwhile) and writes it again.
     */
    private void forgetMatch(Connection c, long runId, List<AuditLog.Row> restored) throws SQLException {
        if (restored.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                update id_map m set state = 'deleted', before_image = null, content_hash = null, run_id = ?, updated_at = now()
                from unnest(?::text[], ?::uuid[]) as t(tbl, target)
                where m.migration_id = ? and not m.created_by_us and m.target_table = t.tbl and m.target_id = t.target
                """)) {
            ps.setLong(1, runId);
            ps.setArray(2, c.createArrayOf("text", restored.stream().map(AuditLog.Row::table).toArray()));
            ps.setArray(3, c.createArrayOf("uuid", restored.stream().map(AuditLog.Row::id).toArray()));
            ps.setLong(4, migrationId);
            ps.executeUpdate();
        }
    }

    /** One update request per chosen target of a table; a failure stops that target's later phases. */
    private void write(TableRef table, List<Target> targets, Predicate<Target> which, Function<Target, ObjectNode> image,
                       Map<UUID, String> failed, Map<UUID, WriteOutcome> last) {
        List<RecordWrite> writes = new ArrayList<>();
        for (Target t : targets) {
            if (!failed.containsKey(t.id()) && which.test(t)) {
                writes.add(RecordWrite.of(t.table() + " " + t.id(), t.id(), image.apply(t)));
            }
        }
        List<WriteOutcome> outcomes = dv.bulkWriter().update(table, writes);
        for (int i = 0; i < outcomes.size(); i++) {
            WriteOutcome o = outcomes.get(i);
            UUID id = writes.get(i).id();
            if (o.ok()) {
                last.put(id, o);
            } else if (o.error().status() == 404 || DataverseError.DOES_NOT_EXIST.equals(o.error().code())) {
                failed.put(id, "");
            } else {
                failed.put(id, o.error().toString());
            }
        }
    }

    /** The next targets with changes to undo, each with its merged before-images. */
    private List<Target> page(String afterTable, UUID afterId) throws SQLException {
        Map<String, Target> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                with targets as (
                    select target_table, target_id from (
                        select a.target_table, a.target_id from audit_log a join run r on r.id = a.run_id where %1$s
                        union
                        select m.target_table, m.target_id from id_map m where %2$s) p
                    where (target_table, target_id) > (?, ?)
                    order by 1, 2 limit ?)
                select a.target_table, a.target_id, a.operation, a.columns::text, a.before_image::text, a.id
                from audit_log a join run r on r.id = a.run_id
                     join targets t on t.target_table = a.target_table and t.target_id = a.target_id
                where %1$s
                union all
                select m.target_table, m.target_id, 'match', '{}', m.before_image::text, 0
                from id_map m join targets t on t.target_table = m.target_table and t.target_id = m.target_id
                where %2$s
                order by 1, 2, 6 desc
                """.formatted(PENDING, MATCHED))) {
            ps.setLong(1, migrationId);
            ps.setLong(2, migrationId);
            ps.setString(3, afterTable);
            ps.setObject(4, afterId);
            ps.setInt(5, pageSize);
            ps.setLong(6, migrationId);
            ps.setLong(7, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    UUID id = rs.getObject(2, UUID.class);
                    Target t = out.computeIfAbsent(table + "|" + id,
                            k -> new Target(table, id, JSON.objectNode(), null, JSON.objectNode()));
                    ObjectNode columns = json(rs.getString(4));
                    ObjectNode before = json(rs.getString(5));
                    // newest first: an older before-image overwrites a newer one, the newest written value stays
                    columns.properties().forEach(p -> {
                        if (!t.migrated().has(p.getKey())) {
                            t.migrated().set(p.getKey(), p.getValue());
                        }
                    });
                    if ("state".equals(rs.getString(3))) {
                        out.put(table + "|" + id, new Target(table, id, t.columns(), before, t.migrated()));
                    } else {
                        t.columns().setAll(before);
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static ObjectNode json(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            return n instanceof ObjectNode o ? o : JSON.objectNode();
        } catch (IOException e) {
            throw new IllegalStateException("audit_log holds JSON that cannot be read: " + e.getMessage(), e);
        }
    }
}
