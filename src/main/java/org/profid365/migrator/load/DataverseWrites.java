package org.profid365.migrator.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.profid365.migrator.dataverse.DataverseError;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.mapping.MappedRecord;
import org.profid365.migrator.mapping.RuleEngine;

/**
 * Sends a mapped batch to Dataverse: the creates of every record (bulk per table), then the task state changes of
 * the records whose creates all landed. Before anything is sent the target ids go to id_map as {@code sent} in
 * their own committed transaction, so a crash mid-request leaves a trace rollback and resume can settle.
 *
 * <p>Settling: ids are deterministic, so a create answered "duplicate key" (0x80040237) is a record an earlier,
 * interrupted attempt (or the sample run) already wrote; it counts as written. A target already confirmed with the
 * same content is not sent again; one confirmed with other content (a record changed in Profi) is updated, with the
 * before-image of the columns it changes read first.
 */
public final class DataverseWrites {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final LoadContext load;
    private final TableWriter writer;
    private final DataSource ds;
    private final long migrationId;

    public DataverseWrites(LoadContext load) {
        this(load, TableWriter.bulk(load.dataverse().bulkWriter()));
    }

    public DataverseWrites(LoadContext load, TableWriter writer) {
        this.load = load;
        this.writer = writer;
        this.ds = load.migrator().store().dataSource();
        this.migrationId = load.migrator().migration().id();
    }

    private record Planned(MappedItem owner, MappedRecord record, TableRef table) {
    }

    public void write(LoadBatch batch) throws SQLException {
        List<Planned> creates = new ArrayList<>();
        for (MappedItem m : batch.mapped()) {
            if (m.isRejected()) {
                continue;
            }
            for (RuleEngine.Write w : m.writes()) {
                if (w instanceof RuleEngine.Create c) {
                    creates.add(new Planned(m, c.record(), load.table(c.table())));
                }
            }
        }
        Map<UUID, byte[]> confirmed = confirmed(batch.connection(), creates);
        List<Planned> toCreate = new ArrayList<>();
        List<Planned> toUpdate = new ArrayList<>();
        for (Planned p : creates) {
            byte[] hash = confirmed.get(p.record().id());
            if (hash == null) {
                toCreate.add(p);
            } else if (!Arrays.equals(hash, p.owner().item().hash())) {
                toUpdate.add(p);
            } else {
                batch.target(new LoadBatch.Target(p.owner().item(), p.table().logicalName(), p.record().id(), "confirmed"));
            }
        }
        intend(batch.runId(), toCreate);
        for (Map.Entry<TableRef, List<Planned>> e : byTable(toCreate).entrySet()) {
            List<RecordWrite> writes = new ArrayList<>();
            for (Planned p : e.getValue()) {
                writes.add(RecordWrite.of(p.owner().item().key(), p.record().id(), p.record().payload()));
            }
            List<WriteOutcome> outcomes = writer.create(e.getKey(), writes);
            for (int i = 0; i < outcomes.size(); i++) {
                settle(batch, e.getValue().get(i), outcomes.get(i), "create", null);
            }
        }
        for (Map.Entry<TableRef, List<Planned>> e : byTable(toUpdate).entrySet()) {
            List<RecordWrite> writes = new ArrayList<>();
            List<ObjectNode> before = new ArrayList<>();
            for (Planned p : e.getValue()) {
                writes.add(RecordWrite.of(p.owner().item().key(), p.record().id(), p.record().payload()));
                before.add(beforeImage(e.getKey(), p.record()));
            }
            List<WriteOutcome> outcomes = writer.update(e.getKey(), writes);
            for (int i = 0; i < outcomes.size(); i++) {
                settle(batch, e.getValue().get(i), outcomes.get(i), "update", before.get(i));
            }
        }
        closeTasks(batch);
    }

    private void settle(LoadBatch batch, Planned p, WriteOutcome o, String operation, ObjectNode before) {
        StagedItem item = p.owner().item();
        boolean settled = !o.ok() && "create".equals(operation) && DataverseError.DUPLICATE.equals(o.error().code());
        if (o.ok() || settled) {
            batch.target(new LoadBatch.Target(item, p.table().logicalName(), p.record().id(), "confirmed"));
            batch.audit(new LoadBatch.Audit(p.table().logicalName(), p.record().id(), operation, p.record().payload(),
                    before, o.appUser(), o.requestId(), settled));
        } else {
            batch.target(new LoadBatch.Target(item, p.table().logicalName(), p.record().id(), "failed"));
            batch.fail(item, null, describe(item, p, o.error()));
        }
    }

    private static String describe(StagedItem item, Planned p, DataverseError e) {
        String what = e.retryable() ? "Dataverse kept refusing it (gave up after retries): " : "Dataverse refused it: ";
        return item.record().object().typeName() + " " + item.record().profiId() + " (" + item.record().location()
                + "): " + what + p.table().logicalName() + " " + p.record().id() + " → HTTP " + e.status() + " "
                + e.codeOrStatus() + " " + e.message() + (e.requestId() == null ? "" : " (request " + e.requestId() + ")");
    }

    /** Closing tasks after their creates: only for records whose every create landed, never twice. */
    private void closeTasks(LoadBatch batch) throws SQLException {
        List<RuleEngine.StateChange> changes = new ArrayList<>();
        List<StagedItem> owners = new ArrayList<>();
        for (MappedItem m : batch.mapped()) {
            if (m.isRejected() || batch.failed(m.item())) {
                continue;
            }
            for (RuleEngine.Write w : m.writes()) {
                if (w instanceof RuleEngine.StateChange s) {
                    changes.add(s);
                    owners.add(m.item());
                }
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        Set<UUID> done = alreadyAudited(batch.connection(), changes);
        Map<TableRef, List<Integer>> byTable = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            if (!done.contains(changes.get(i).id())) {
                byTable.computeIfAbsent(load.table(changes.get(i).table()), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<TableRef, List<Integer>> e : byTable.entrySet()) {
            List<RecordWrite> writes = new ArrayList<>();
            for (int i : e.getValue()) {
                RuleEngine.StateChange s = changes.get(i);
                ObjectNode cols = JSON.objectNode();
                cols.put("statecode", s.statecode());
                cols.put("statuscode", s.statuscode());
                writes.add(RecordWrite.of(owners.get(i).key(), s.id(), cols));
            }
            List<WriteOutcome> outcomes = writer.update(e.getKey(), writes);
            for (int k = 0; k < outcomes.size(); k++) {
                int i = e.getValue().get(k);
                WriteOutcome o = outcomes.get(k);
                RuleEngine.StateChange s = changes.get(i);
                if (o.ok()) {
                    ObjectNode before = JSON.objectNode();
                    before.put("statecode", 0); // created open by this run: reopening means statecode 0
                    batch.audit(new LoadBatch.Audit(s.table(), s.id(), "state", writes.get(k).columns(), before,
                            o.appUser(), o.requestId()));
                } else {
                    batch.fail(owners.get(i), "status", owners.get(i).record().object().typeName() + " "
                            + owners.get(i).record().profiId() + ": its task " + s.id() + " was written but could not be closed: HTTP "
                            + o.error().status() + " " + o.error().codeOrStatus() + " " + o.error().message());
                }
            }
        }
    }

    /** The before-image of the plain columns an update will change (lookups are recorded as the bind sent). */
    private ObjectNode beforeImage(TableRef table, MappedRecord r) {
        List<String> columns = new ArrayList<>();
        r.payload().fieldNames().forEachRemaining(f -> {
            if (!f.contains("@") && !f.equals(table.primaryIdAttribute())) {
                columns.add(f);
            }
        });
        ObjectNode before = JSON.objectNode();
        load.dataverse().reader().retrieve(table.entitySetName(), r.id(), columns.toArray(String[]::new))
                .ifPresent(row -> columns.forEach(c -> before.set(c, row.path(c).isMissingNode() ? JSON.nullNode() : row.get(c))));
        return before;
    }

    private static Map<TableRef, List<Planned>> byTable(List<Planned> planned) {
        Map<TableRef, List<Planned>> out = new LinkedHashMap<>();
        for (Planned p : planned) {
            out.computeIfAbsent(p.table(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** Targets already confirmed in id_map, with the content hash they were written from. */
    private Map<UUID, byte[]> confirmed(Connection c, List<Planned> creates) throws SQLException {
        Map<UUID, byte[]> out = new HashMap<>();
        if (creates.isEmpty()) {
            return out;
        }
        // by (table, id): the primary key's order, so the look-up is an index probe per target, not a scan
        try (PreparedStatement ps = c.prepareStatement("""
                select m.target_id, m.content_hash from id_map m
                join unnest(?::text[], ?::uuid[]) as t(tbl, target) on m.target_table = t.tbl and m.target_id = t.target
                where m.migration_id = ? and m.state = 'confirmed'
                """)) {
            ps.setArray(1, c.createArrayOf("text", creates.stream().map(p -> p.table().logicalName()).toArray()));
            ps.setArray(2, c.createArrayOf("uuid", creates.stream().map(p -> p.record().id()).toArray()));
            ps.setLong(3, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getBytes(2));
                }
            }
        }
        return out;
    }

    /** The targets among {@code changes} whose state change is audited since their last delete or restore. */
    private Set<UUID> alreadyAudited(Connection c, List<RuleEngine.StateChange> changes) throws SQLException {
        Set<UUID> out = new HashSet<>();
        // by (table, id) so audit_by_target serves each target; without the table it was a scan of the whole log
        try (PreparedStatement ps = c.prepareStatement("""
                select distinct a.target_id
                from unnest(?::text[], ?::uuid[]) as t(tbl, target)
                join audit_log a on a.migration_id = ? and a.target_table = t.tbl and a.target_id = t.target
                where a.operation = 'state'
                  and a.id > coalesce((select max(d.id) from audit_log d where d.migration_id = a.migration_id
                                       and d.target_table = t.tbl and d.target_id = t.target
                                       and d.operation in ('delete', 'restore')), 0)
                """)) {
            ps.setArray(1, c.createArrayOf("text", changes.stream().map(RuleEngine.StateChange::table).toArray()));
            ps.setArray(2, c.createArrayOf("uuid", changes.stream().map(RuleEngine.StateChange::id).toArray()));
            ps.setLong(3, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /**
     * Write-ahead: the targets about to be created are in id_map as {@code sent} before the request leaves, committed
     * on a connection of their own (the batch's transaction commits only with the outcome).
     */
    private void intend(long runId, List<Planned> creates) throws SQLException {
        if (creates.isEmpty()) {
            return;
        }
        int n = creates.size();
        String[] types = new String[n];
        String[] ids = new String[n];
        String[] tables = new String[n];
        UUID[] targets = new UUID[n];
        for (int i = 0; i < n; i++) {
            Planned p = creates.get(i);
            types[i] = p.owner().item().record().object().typeName();
            ids[i] = p.owner().item().record().profiId();
            tables[i] = p.table().logicalName();
            targets[i] = p.record().id();
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into id_map (migration_id, object_type, profi_id, target_table, target_id, state, run_id, attempts)
                select ?, t.type, t.profi_id, t.tbl, t.target, 'sent', ?, 1
                from unnest(?::text[], ?::text[], ?::text[], ?::uuid[]) as t(type, profi_id, tbl, target)
                on conflict (migration_id, target_table, target_id) do update set
                    state = case when id_map.state = 'confirmed' then 'confirmed' else 'sent' end,
                    run_id = excluded.run_id, attempts = id_map.attempts + 1, updated_at = now()
                """)) {
            c.setAutoCommit(true);
            ps.setLong(1, migrationId);
            ps.setLong(2, runId);
            ps.setArray(3, c.createArrayOf("text", types));
            ps.setArray(4, c.createArrayOf("text", ids));
            ps.setArray(5, c.createArrayOf("text", tables));
            ps.setArray(6, c.createArrayOf("uuid", targets));
            ps.executeUpdate();
        }
    }
}
