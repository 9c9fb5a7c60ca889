package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.profid365.migrator.store.AuditLog;
import org.profid365.migrator.store.DeadLetter;
import org.profid365.migrator.store.DeadLetterStore;
import org.profid365.migrator.store.IntendedWrites;
import org.profid365.migrator.store.SentCreates;

/**
 * Records what happened to a batch in the batch's own transaction, then commits it (which releases the claimed
 * rows): id_map states, one audit row per write, the staged records' load state, dead letters for the records
 * that did not land and resolution of the open dead letters of those that did. A crash before the commit
 * loses none of it: the records are still pending and the next attempt settles them against Dynamics.
 */
public final class OutcomeRecorder {

    private final long migrationId;
    private final LoadProgress progress;

    public OutcomeRecorder(long migrationId, LoadProgress progress) {
        this.migrationId = migrationId;
        this.progress = progress;
    }

    public void record(LoadBatch batch) throws SQLException {
        Connection c = batch.connection();
        // first: a concurrent SentCreates.materialize then waits for this commit and finds the row settled, instead of
        // both waiting on the other's id_map rows
        for (long sent : batch.sentCreates()) {
            SentCreates.settle(c, sent);
        }
        targets(c, batch);
        audits(c, batch);
        List<Long> landed = new ArrayList<>();
        List<Long> rejected = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        Map<String, List<String>> resolvedByType = new HashMap<>();
        for (StagedItem item : batch.items()) {
            LoadBatch.Failure f = batch.failures().get(item.key());
            if (f == null) {
                landed.add(item.rowId());
                resolvedByType.computeIfAbsent(item.record().object().typeName(), k -> new ArrayList<>())
                        .add(item.record().profiId());
            } else {
                rejected.add(item.rowId());
                letters.add(new DeadLetter(batch.stage().routeId(), item.record().object().typeName(),
                        item.record().profiId(), item.record().profiId(), item.record().sourceFile(),
                        item.record().sourceLine(), f.field(), f.reason(), item.payload()));
            }
        }
        setState(c, landed, "loaded");
        setState(c, rejected, "rejected");
        DeadLetterStore.write(c, migrationId, batch.runId(), letters);
        for (Map.Entry<String, List<String>> e : resolvedByType.entrySet()) {
            DeadLetterStore.resolve(c, migrationId, batch.stage().routeId(), e.getKey(), e.getValue());
        }
        c.commit();
        progress.unavailable(batch.unavailable());
        progress.batchDone(batch.stage(), landed.size(), rejected.size());
    }

    private void targets(Connection c, LoadBatch batch) throws SQLException {
        if (batch.targets().isEmpty()) {
            return;
        }
        int n = batch.targets().size();
        String[] types = new String[n];
        String[] ids = new String[n];
        String[] tables = new String[n];
        UUID[] targets = new UUID[n];
        String[] states = new String[n];
        byte[][] hashes = new byte[n][];
        Integer[] attempts = new Integer[n];
        for (int i = 0; i < n; i++) {
            LoadBatch.Target t = batch.targets().get(i);
            types[i] = t.item().record().object().typeName();
            ids[i] = t.item().record().profiId();
            tables[i] = t.table();
            targets[i] = t.id();
            states[i] = t.state();
            hashes[i] = t.item().hash();
            attempts[i] = batch.sent(t.id()) ? 1 : 0;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into id_map (migration_id, object_type, profi_id, target_table, target_id, state, content_hash, run_id,
                                    attempts)
                select ?, t.type, t.profi_id, t.tbl, t.target, t.state, case when t.state = 'confirmed' then t.hash end, ?, t.sent
                from unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::bytea[], ?::int[])
                     as t(type, profi_id, tbl, target, state, hash, sent)
                on conflict (migration_id, target_table, target_id) do update set
                    state = case when id_map.state = 'confirmed' and excluded.state = 'failed' then 'confirmed'
                                 else excluded.state end,
                    content_hash = coalesce(excluded.content_hash, id_map.content_hash),
                    attempts = id_map.attempts + excluded.attempts,
                    run_id = excluded.run_id, updated_at = now()
                """)) {
            ps.setLong(1, migrationId);
            ps.setLong(2, batch.runId());
            ps.setArray(3, c.createArrayOf("text", types));
            ps.setArray(4, c.createArrayOf("text", ids));
            ps.setArray(5, c.createArrayOf("text", tables));
            ps.setArray(6, c.createArrayOf("uuid", targets));
            ps.setArray(7, c.createArrayOf("text", states));
            ps.setArray(8, c.createArrayOf("bytea", hashes));
            ps.setArray(9, c.createArrayOf("int4", attempts));
            ps.executeUpdate();
        }
    }

    /**
     * One audit row per write, in the order of the writes; a create settled as "already there" is audited once only.
     * The write-ahead rows of changes to existing records (intended_write) are replaced by these audit rows; a create
     * has none (its write-ahead is sent_create).
     */
    private void audits(Connection c, LoadBatch batch) throws SQLException {
        if (batch.audits().isEmpty()) {
            return;
        }
        List<String> changedTables = new ArrayList<>();
        List<UUID> changedIds = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (AuditLog.Row a : batch.audits()) {
            if (!"create".equals(a.operation())) {
                changedTables.add(a.table());
                changedIds.add(a.id());
                changes.add(a.operation());
            }
        }
        AuditLog.insert(c, batch.runId(), migrationId, batch.audits());
        IntendedWrites.settle(c, migrationId, changedTables, changedIds, changes);
    }

    private void setState(Connection c, List<Long> rows, String state) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update staged_load set load_state = ? where staged_id = any(?)")) {
            ps.setString(1, state);
            ps.setArray(2, c.createArrayOf("bigint", rows.toArray()));
            ps.executeUpdate();
        }
    }
}
