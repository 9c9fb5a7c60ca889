package org.profid365.migrator.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.load.BeforeImageReader;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.store.DeadLetter;
import org.profid365.migrator.store.DeadLetterStore;
import org.profid365.migrator.store.IntendedWrites;
import org.profid365.migrator.store.IntendedWrites.Intent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records deleted in Profi. Only an export (or API pull) that holds every record can tell: a staged record it lacks
 * (its {@code last_seen_export} is older) was deleted. An API pull with {@code updated_since} carries changes only and
 * the Profi API has no deletion feed, so deltas from the API see deletions only when a full export or full pull comes.
 *
 * <p>Each deleted record's staged row becomes {@code deleted}; in Dynamics, by {@link DeletionMode}: nothing (listed
 * in the report), its records set inactive where their table has a state, or its records deleted by their recorded
 * ids, children before parents. Every change is audited with its before-image through the same write-ahead intents
 * as updates, so a crash in the middle is redone without losing what the records held. A type whose share of vanished
 * records exceeds {@code migrator.delta.deletions.max-share} (a missing or truncated file looks like that) is held:
 * reported, nothing done, until an operator raises the share or a complete export brings the records back.
 */
final class ProfiDeletions {

    private static final Logger LOG = LoggerFactory.getLogger(ProfiDeletions.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    static final String STAGE = "delta-deletions";
    private static final int BATCH = 200;

    /** How many vanished and present records each type has against the complete export. */
    record Plan(long exportId, Map<String, long[]> byType, List<String> held) {

        long vanished() {
            return byType.entrySet().stream().filter(e -> !held.contains(e.getKey())).mapToLong(e -> e.getValue()[0]).sum();
        }

        boolean isEmpty() {
            return vanished() == 0 && held.isEmpty();
        }
    }

    /** What happened to the deleted records' Dynamics records, for the run's counters. */
    static final class Summary {
        final Map<String, Long> counts = new LinkedHashMap<>();
        long unavailable;
        Path report;

        void add(String what) {
            counts.merge(what, 1L, Long::sum);
        }

        Map<String, Object> asCounters(Plan plan, DeletionMode mode) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", mode.setting());
            m.put("export", plan.exportId());
            m.put("records", plan.vanished());
            m.putAll(counts);
            if (!plan.held().isEmpty()) {
                m.put("held", plan.held());
            }
            if (report != null) {
                m.put("report", report.toString());
            }
            return m;
        }
    }

    /** A Dynamics record of a deleted Profi record; {@code createdByUs} false: it was there before (matched). */
    private record Target(String table, UUID id, String state, boolean createdByUs) {
    }

    private final MigratorContext ctx;
    private final long migrationId;
    private final DeletionMode mode;
    private final double maxShare;
    private final RecordIds ids;
    private final Map<String, Boolean> hasState = new ConcurrentHashMap<>();
    private final Map<String, TableRef> tables = new ConcurrentHashMap<>();

    ProfiDeletions(MigratorContext ctx, DeletionMode mode, double maxShare) {
        this.ctx = ctx;
        this.migrationId = ctx.migration().id();
        this.mode = mode;
        this.maxShare = maxShare;
        this.ids = new RecordIds(ctx.migration().namespace());
    }

    DeletionMode mode() {
        return mode;
    }

    /**
     * The newest export in ({@code sinceExport}, {@code upTo}] that holds every record and whose staging succeeded
     * (none: deletions cannot be known). An export still being staged, or whose staging failed, holds only part of
     * the records: what it lacks is not deleted.
     */
    static Optional<Long> completeExportAfter(Connection c, long migrationId, long sinceExport, long upTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select max(e.id) from source_export e join run r on r.id = e.run_id
                where e.migration_id = ? and e.id > ? and e.id <= ? and e.updated_since is null and r.status = 'succeeded'
                """)) {
            ps.setLong(1, migrationId);
            ps.setLong(2, sinceExport);
            ps.setLong(3, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(id);
            }
        }
    }

    /** Counts, per type, the records the complete export {@code exportId} lacks, and holds the suspicious types. */
    Plan plan(Connection c, long exportId) throws SQLException {
        Map<String, long[]> byType = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select object_type, count(*) filter (where last_seen_export < ?), count(*) filter (where last_seen_export >= ?)
                from staged_with_state where migration_id = ? and load_state <> 'deleted'
                group by object_type
                """)) {
            ps.setLong(1, exportId);
            ps.setLong(2, exportId);
            ps.setLong(3, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) > 0) {
                        byType.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
        }
        List<String> held = new ArrayList<>();
        byType.forEach((type, n) -> {
            if ((double) n[0] / (n[0] + n[1]) > maxShare) {
                held.add(type);
                LOG.warn("{} of {} staged {} records are missing from export {}: more than migrator.delta.deletions.max-share"
                        + " ({}), so none of them is treated as deleted (a missing or truncated file?)", n[0], n[0] + n[1],
                        type, exportId, maxShare);
            }
        });
        return new Plan(exportId, byType, held);
    }

    /**
     * Marks the plan's vanished records deleted and acts on their Dynamics records by the mode, children first.
     * {@code dv} may be null in report mode. The deletion report goes to {@code report} when anything was found.
     */
    Summary apply(Plan plan, long runId, DataverseConnection dv, Path report) throws SQLException {
        Summary summary = new Summary();
        List<String[]> rows = new ArrayList<>();
        BeforeImageReader images = dv == null ? null : new BeforeImageReader(dv);
        List<ProfiObject> order = new ArrayList<>(List.of(ProfiObject.values()));
        java.util.Collections.reverse(order); // declared parents first, so reversed is children first
        for (ProfiObject type : order) {
            if (!plan.byType().containsKey(type.typeName()) || plan.held().contains(type.typeName())) {
                continue;
            }
            boolean more = true;
            while (more) {
                more = batch(plan.exportId(), type, runId, dv, images, summary, rows);
            }
        }
        for (String type : plan.held()) {
            rows.add(new String[] {type, "", "", "", "held", plan.byType().get(type)[0] + " of "
                    + (plan.byType().get(type)[0] + plan.byType().get(type)[1]) + " records missing: over "
                    + "migrator.delta.deletions.max-share, nothing done"});
        }
        if (!rows.isEmpty()) {
            summary.report = writeReport(report, rows);
        }
        return summary;
    }

    /**
     * One batch of vanished records of one type; false when none is left, or when Dataverse could not take one now
     * (that record stays as it is: the run fails and the next one tries again).
     */
    private boolean batch(long exportId, ProfiObject type, long runId, DataverseConnection dv, BeforeImageReader images,
                      Summary summary, List<String[]> rows) throws SQLException {
        Map<Long, String> records = new LinkedHashMap<>();
        Map<Long, String> payloads = new HashMap<>();
        Map<Long, List<Target>> targets = new LinkedHashMap<>();
        try (Connection c = ctx.store().connection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    select id, profi_id, payload::text from staged_with_state
                    where migration_id = ? and object_type = ? and last_seen_export < ? and load_state <> 'deleted'
                    order by id limit ?
                    """)) {
                ps.setLong(1, migrationId);
                ps.setString(2, type.typeName());
                ps.setLong(3, exportId);
                ps.setInt(4, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.put(rs.getLong(1), rs.getString(2));
                        payloads.put(rs.getLong(1), rs.getString(3));
                    }
                }
            }
            for (Map.Entry<Long, String> r : records.entrySet()) {
                targets.put(r.getKey(), targetsOf(c, type, r.getValue()));
            }
        }
        if (records.isEmpty()) {
            return false;
        }
        List<Long> settled = new ArrayList<>();
        List<String[]> audits = new ArrayList<>(); // table, id, operation, columns, before, user, request
        List<Target> deletedTargets = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        List<Intent> intents = new ArrayList<>();
        Map<Long, Boolean> retry = new HashMap<>();

        // what each target needs, its before-image, and the write-ahead of it
        record Action(long row, String profiId, Target target, String operation, ObjectNode columns, ObjectNode before,
                      boolean send) {
        }
        List<Action> actions = new ArrayList<>();
        try (Connection c = ctx.store().connection()) {
            for (Map.Entry<Long, List<Target>> e : targets.entrySet()) {
                String profiId = records.get(e.getKey());
                if (e.getValue().isEmpty()) {
                    rows.add(new String[] {type.typeName(), profiId, "", "", "staged only", "never written to Dynamics"});
                    summary.add("staged-only");
                    continue;
                }
                for (Target t : e.getValue()) {
                    if (!t.createdByUs() && mode != DeletionMode.REPORT) {
                        // matched to a record Dynamics had before the migration: not the migration's to remove
                        rows.add(new String[] {type.typeName(), profiId, t.table(), t.id().toString(), "left",
                                "existed in Dynamics before the migration (matched); it stays"});
                        summary.add("left");
                        continue;
                    }
                    if (mode == DeletionMode.REPORT) {
                        rows.add(new String[] {type.typeName(), profiId, t.table(), t.id().toString(), "reported",
                                "still in Dynamics (migrator.delta.deletions=report)"});
                        summary.add("reported");
                        continue;
                    }
                    TableRef table = tables.computeIfAbsent(t.table(), n -> dv.metadata().tableRef(n));
                    Map<String, Intent> open = IntendedWrites.find(c, migrationId, t.table(), List.of(t.id()));
                    if (mode == DeletionMode.DEACTIVATE) {
                        if (!hasState(dv, t.table())) {
                            rows.add(new String[] {type.typeName(), profiId, t.table(), t.id().toString(), "left",
                                    t.table() + " has no state to deactivate; the record stays"});
                            summary.add("left");
                            continue;
                        }
                        Intent pending = open.get(IntendedWrites.key(t.id(), "state"));
                        Optional<ObjectNode> now = images.read(table, t.id(), List.of("statecode", "statuscode"));
                        if (now.isEmpty()) {
                            rows.add(new String[] {type.typeName(), profiId, t.table(), t.id().toString(), "already gone",
                                    "not in Dynamics any more"});
                            summary.add("already-gone");
                            continue;
                        }
                        int inactive = inactiveState(t.table());
                        int state = now.get().path("statecode").asInt(0);
                        ObjectNode columns = JSON.objectNode();
                        columns.put("statecode", inactive);
                        ObjectNode before = pending != null && pending.beforeImage() != null ? pending.beforeImage() : now.get();
                        if (state != 0 && pending == null) {
                            rows.add(new String[] {type.typeName(), profiId, t.table(), t.id().toString(), "already inactive",
                                    "statecode " + state});
                            summary.add("already-inactive");
                            continue;
                        }
                        actions.add(new Action(e.getKey(), profiId, t, "state", columns, before, state == 0));
                    } else {
                        Intent pending = open.get(IntendedWrites.key(t.id(), "delete"));
                        ObjectNode before = pending != null ? pending.beforeImage() : null;
                        if (before == null) {
                            Optional<ObjectNode> now = images.read(table, t.id(), writtenColumns(c, t, table));
                            if (now.isEmpty()) {
                                rows.add(new String[] {type.typeName(), profiId, t.table(), t.id().toString(), "already gone",
                                        "not in Dynamics any more (deleted there, or with its parent)"});
                                summary.add("already-gone");
                                deletedTargets.add(t);
                                continue;
                            }
                            before = now.get();
                        }
                        actions.add(new Action(e.getKey(), profiId, t, "delete", JSON.objectNode(), before, true));
                    }
                }
            }
        }
        for (Action a : actions) {
            intents.add(new Intent(a.target().table(), a.target().id(), a.operation(), a.columns(), a.before()));
        }
        IntendedWrites.put(ctx.store().dataSource(), migrationId, runId, intents);
        for (Action a : actions) {
            WriteOutcome o = null;
            if (a.send()) {
                TableRef table = tables.computeIfAbsent(a.target().table(), n -> dv.metadata().tableRef(n));
                o = a.operation().equals("delete")
                        ? dv.recordWriter().delete(table, a.target().id().toString(), a.target().id())
                        : dv.bulkWriter().update(table, List.of(RecordWrite.of(a.target().id().toString(), a.target().id(),
                                a.columns()))).get(0);
            }
            if (o == null || o.ok()) {
                audits.add(new String[] {a.target().table(), a.target().id().toString(), a.operation(), a.columns().toString(),
                        a.before() == null ? null : a.before().toString(), o == null ? null : o.appUser(),
                        o == null ? null : o.requestId()});
                if (a.operation().equals("delete")) {
                    deletedTargets.add(a.target());
                }
                String done = a.operation().equals("delete") ? "deleted" : "deactivated";
                rows.add(new String[] {type.typeName(), a.profiId(), a.target().table(), a.target().id().toString(), done,
                        a.operation().equals("delete") ? "by its recorded id" : "statecode " + a.columns().path("statecode").asInt()});
                summary.add(done);
            } else if (o.error().retryable()) {
                retry.put(a.row(), true);
                summary.unavailable++;
                rows.add(new String[] {type.typeName(), a.profiId(), a.target().table(), a.target().id().toString(), "retry",
                        "Dataverse unavailable: HTTP " + o.error().status() + " " + o.error().codeOrStatus()});
            } else {
                String reason = type.typeName() + " " + a.profiId() + " was deleted in Profi, but Dataverse refused to "
                        + (a.operation().equals("delete") ? "delete " : "deactivate ") + a.target().table() + " "
                        + a.target().id() + ": HTTP " + o.error().status() + " " + o.error().codeOrStatus() + " "
                        + o.error().message();
                letters.add(new DeadLetter(STAGE, type.typeName(), a.profiId(), a.profiId(), null, 0, null, reason,
                        payloads.get(a.row())));
                rows.add(new String[] {type.typeName(), a.profiId(), a.target().table(), a.target().id().toString(), "refused",
                        reason});
                summary.add("refused");
            }
        }
        for (Long row : records.keySet()) {
            if (!retry.containsKey(row)) {
                settled.add(row);
            }
        }
        try (Connection c = ctx.store().connection()) {
            c.setAutoCommit(false);
            try {
                audit(c, runId, audits);
                markDeleted(c, deletedTargets);
                try (PreparedStatement ps = c.prepareStatement(
                        "update staged_load set load_state = 'deleted' where staged_id = any(?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", settled.toArray()));
                    ps.executeUpdate();
                }
                DeadLetterStore.write(c, migrationId, runId, letters);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return retry.isEmpty();
    }

    /** The Dynamics records of one staged record: its id_map rows; a participant's task by its computed id. */
    private List<Target> targetsOf(Connection c, ProfiObject type, String profiId) throws SQLException {
        String objectType = type.typeName();
        String key = profiId;
        UUID only = null;
        if (type == ProfiObject.SESSION_PARTICIPANT) {
            int sep = profiId.indexOf(':');
            if (sep < 0) {
                return List.of();
            }
            objectType = "session";
            key = profiId.substring(0, sep);
            only = ids.of("session", key, profiId.substring(sep + 1));
        }
        List<Target> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select target_table, target_id, state, created_by_us from id_map
                where migration_id = ? and object_type = ? and profi_id = ? and state in ('confirmed', 'sent')
                order by target_table, target_id
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, objectType);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(2, UUID.class);
                    if (only == null || only.equals(id)) {
                        out.add(new Target(rs.getString(1), id, rs.getString(3), rs.getBoolean(4)));
                    }
                }
            }
        }
        return out;
    }

    /** The columns the migration wrote to a record (its create, later updates): what a deletion takes away. */
    private List<String> writtenColumns(Connection c, Target t, TableRef table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select columns::text from audit_log where migration_id = ? and target_table = ? and target_id = ?
                  and operation in ('create', 'update') order by id
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, t.table());
            ps.setObject(3, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode cols = IntendedWrites.JSON.readTree(rs.getString(1));
                    for (Iterator<String> it = cols.fieldNames(); it.hasNext(); ) {
                        String f = it.next();
                        if (!out.contains(f) && !f.startsWith("@") && !f.equals(table.primaryIdAttribute())
                                && !f.equals("overriddencreatedon") && !f.equals("documentbody")) {
                            out.add(f);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (out.isEmpty()) {
            out.add(table.primaryIdAttribute());
        }
        return out;
    }

    private boolean hasState(DataverseConnection dv, String table) {
        return hasState.computeIfAbsent(table, t -> dv.metadata().column(t, "statecode").isPresent());
    }

    /**
     * The state a deleted record's Dynamics record is set to: Inactive (1) on accounts, contacts and custom tables;
     * leads are Disqualified (2) and tasks Canceled (2), because their state 1 means Qualified and Completed.
     */
    static int inactiveState(String table) {
        return table.equals("lead") || table.equals("task") ? 2 : 1;
    }

    private void audit(Connection c, long runId, List<String[]> audits) throws SQLException {
        if (audits.isEmpty()) {
            return;
        }
        List<String> tables = new ArrayList<>();
        List<UUID> targetIds = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (run_id, migration_id, target_table, target_id, operation, columns, before_image,
                                       app_user, request_id)
                values (?, ?, ?, ?, ?, ?::json, ?::json, ?, ?)
                """)) {
            for (String[] a : audits) {
                ps.setLong(1, runId);
                ps.setLong(2, migrationId);
                ps.setString(3, a[0]);
                ps.setObject(4, UUID.fromString(a[1]));
                ps.setString(5, a[2]);
                ps.setString(6, a[3]);
                ps.setString(7, a[4]);
                ps.setString(8, a[5]);
                ps.setString(9, a[6]);
                ps.addBatch();
                tables.add(a[0]);
                targetIds.add(UUID.fromString(a[1]));
                ops.add(a[2]);
            }
            ps.executeBatch();
        }
        IntendedWrites.settle(c, migrationId, tables, targetIds, ops);
    }

    private void markDeleted(Connection c, List<Target> targets) throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                update id_map set state = 'deleted', updated_at = now()
                where migration_id = ? and target_table = ? and target_id = ?
                """)) {
            for (Target t : targets) {
                ps.setLong(1, migrationId);
                ps.setString(2, t.table());
                ps.setObject(3, t.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Path writeReport(Path file, List<String[]> rows) {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("object_type", "profi_id",
                         "target_table", "target_id", "action", "detail").get())) {
                for (String[] r : rows) {
                    csv.printRecord((Object[]) r);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("The deletion report " + file + " could not be written", e);
        }
    }
}
