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
import org.profid365.migrator.dataverse.AnnotationUploader;
import org.profid365.migrator.dataverse.DataverseError;
import org.profid365.migrator.dataverse.DataverseException;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.mapping.FileAttachmentRule;
import org.profid365.migrator.mapping.MappedRecord;
import org.profid365.migrator.mapping.RuleEngine;
import org.profid365.migrator.store.AuditLog;
import org.profid365.migrator.store.SentCreates;

/**
 * Sends a mapped batch to Dataverse: the creates of every record (bulk per table), then the task state changes of
 * the records whose creates all landed. Before anything is sent the target ids are committed as one sent_create row
 * ({@link SentCreates}), so a crash mid-request leaves a trace rollback and resume can settle.
 *
 * <p>Settling: ids are deterministic, so a create answered "duplicate key" (0x80040237) is a record an earlier,
 * interrupted attempt (or the sample run) already wrote; it counts as written. A task close that is refused is read
 * back: a closed task is read-only, so the close an interrupted attempt sent is refused when sent again, and a task
 * found in the state the close sets counts as closed. A target already confirmed with the same content is not sent
 * again; one confirmed with other content (a record changed in Profi), or matched to a record that was in Dynamics
 * before, is updated by {@link RecordUpdates}: only the columns that changed, with their before-image read first and
 * committed as a write-ahead intent (a matched record's is the one kept in id_map).
 */
public final class DataverseWrites {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    /** Columns Dataverse takes on create only: an update leaves them out. [dataverse.md Writing records] */
    static final List<String> CREATE_ONLY = List.of("overriddencreatedon");

    private final LoadContext load;
    private final TableWriter writer;
    private final DataSource ds;
    private final long migrationId;
    private final RecordUpdates updates;
    private final BeforeImageReader images;

    public DataverseWrites(LoadContext load) {
        this(load, TableWriter.bulk(load.dataverse().bulkWriter()));
    }

    public DataverseWrites(LoadContext load, TableWriter writer) {
        this.load = load;
        this.writer = writer;
        this.ds = load.migrator().store().dataSource();
        this.migrationId = load.migrator().migration().id();
        this.images = new BeforeImageReader(load.dataverse());
        this.updates = new RecordUpdates(load, images, writer);
    }

    /**
     * One record to write. {@code before} is set for a record matched to a pre-existing Dynamics record: the
     * before-image kept in id_map from the first time it was touched.
     */
    record Planned(MappedItem owner, MappedRecord record, TableRef table, ObjectNode before) {
        Planned(MappedItem owner, MappedRecord record, TableRef table) {
            this(owner, record, table, null);
        }

        boolean matched() {
            return before != null;
        }
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
        creates = matchExisting(batch, creates);
        Map<UUID, byte[]> confirmed = confirmed(batch.connection(), creates);
        List<Planned> toCreate = new ArrayList<>();
        List<Planned> toUpdate = new ArrayList<>();
        for (Planned p : creates) {
            byte[] hash = confirmed.get(p.record().id());
            if (!confirmed.containsKey(p.record().id()) && !p.matched()) {
                toCreate.add(p);
            } else if (!Arrays.equals(hash, p.owner().item().hash()) || p.matched()) { // a null hash: compared column by column
                toUpdate.add(p);
            } else {
                batch.target(new LoadBatch.Target(p.owner().item(), p.table().logicalName(), p.record().id(), "confirmed"));
            }
        }
        intend(batch, toCreate);
        List<Planned> blockUploads = new ArrayList<>();
        toCreate.removeIf(p -> needsBlockUpload(p) && blockUploads.add(p));
        // targets whose create Dataverse accepted just now: they did not exist, so no close of theirs can be audited
        Set<UUID> fresh = new HashSet<>();
        for (Planned p : blockUploads) {
            WriteOutcome o = uploadInBlocks(p);
            settle(batch, p, o, "create", null);
            if (o.ok()) {
                fresh.add(p.record().id());
            }
        }
        for (Map.Entry<TableRef, List<Planned>> e : byTable(toCreate).entrySet()) {
            List<RecordWrite> writes = new ArrayList<>();
            for (Planned p : e.getValue()) {
                writes.add(RecordWrite.of(p.owner().item().key(), p.record().id(), p.record().payload()));
            }
            List<WriteOutcome> outcomes = writer.create(e.getKey(), writes);
            for (int i = 0; i < outcomes.size(); i++) {
                settle(batch, e.getValue().get(i), outcomes.get(i), "create", null);
                if (outcomes.get(i).ok()) {
                    fresh.add(e.getValue().get(i).record().id());
                }
            }
        }
        Map<UUID, RuleEngine.StateChange> states = new HashMap<>();
        for (MappedItem m : batch.mapped()) {
            for (RuleEngine.Write w : m.writes()) {
                if (w instanceof RuleEngine.StateChange sc) {
                    states.put(sc.id(), sc);
                }
            }
        }
        Set<UUID> handled = updates.write(batch, toUpdate, states);
        closeTasks(batch, handled, fresh);
    }

    /** A file over the inline limit: the rule left its bytes out and flagged it for the block upload. */
    private static boolean needsBlockUpload(Planned p) {
        return p.record().flags().stream().anyMatch(f -> f.startsWith(FileAttachmentRule.BLOCK_UPLOAD_FLAG));
    }

    private WriteOutcome uploadInBlocks(Planned p) {
        StagedItem item = p.owner().item();
        byte[] bytes = load.files().read(item.exportId(), item.record().get("path"));
        if (bytes == null) {
            return WriteOutcome.failure(item.key(), p.record().id(), new org.profid365.migrator.dataverse.DataverseError(0,
                    "", "file files/" + item.record().get("path") + " is no longer in the export it was staged from",
                    false, null), null);
        }
        return new AnnotationUploader(load.dataverse().client()).upload(item.key(), p.record().id(), p.record().payload(), bytes);
    }

    private void settle(LoadBatch batch, Planned p, WriteOutcome o, String operation, ObjectNode before) {
        StagedItem item = p.owner().item();
        if (!o.ok() && o.error().retryable()) {
            batch.unavailable(1);
        }
        boolean settled = !o.ok() && "create".equals(operation) && DataverseError.DUPLICATE.equals(o.error().code());
        if (o.ok() || settled) {
            batch.target(new LoadBatch.Target(item, p.table().logicalName(), p.record().id(), "confirmed"));
            batch.audit(new AuditLog.Row(p.table().logicalName(), p.record().id(), operation, p.record().payload(),
                    before, o.appUser(), o.requestId(), settled));
        } else {
            batch.target(new LoadBatch.Target(item, p.table().logicalName(), p.record().id(), "failed"));
            batch.fail(item, o.error().refusedColumn(), describe(item, p, o.error()));
        }
    }

    private static String describe(StagedItem item, Planned p, DataverseError e) {
        String what = e.retryable() ? "Dataverse kept refusing it (gave up after retries): " : "Dataverse refused it: ";
        return item.record().object().typeName() + " " + item.record().profiId() + " (" + item.record().location()
                + "): " + what + p.table().logicalName() + " " + p.record().id() + " → HTTP " + e.status() + " "
                + e.codeOrStatus() + " " + e.message() + (e.requestId() == null ? "" : " (request " + e.requestId() + ")");
    }

    /**
     * Closing tasks after their creates: only for records whose every create landed, never twice; tasks of changed
     * sessions ({@code updated}) had their state handled with their update. Only tasks not {@code fresh}ly created
     * by this batch are looked up in the audit log: a create Dataverse accepted was of a task that did not exist.
     */
    private void closeTasks(LoadBatch batch, Set<UUID> updated, Set<UUID> fresh) throws SQLException {
        List<RuleEngine.StateChange> changes = new ArrayList<>();
        List<StagedItem> owners = new ArrayList<>();
        for (MappedItem m : batch.mapped()) {
            if (m.isRejected() || batch.failed(m.item())) {
                continue;
            }
            for (RuleEngine.Write w : m.writes()) {
                if (w instanceof RuleEngine.StateChange s && !updated.contains(s.id())) {
                    changes.add(s);
                    owners.add(m.item());
                }
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        List<RuleEngine.StateChange> earlier = changes.stream().filter(s -> !fresh.contains(s.id())).toList();
        Set<UUID> done = earlier.isEmpty() ? Set.of() : alreadyAudited(batch.connection(), earlier);
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
                // refused, yet maybe closed already: a close whose answer an interrupted run never got (a closed task
                // is read-only, so sending it again fails); read it back and settle it
                if (o.ok() || alreadyInState(e.getKey(), s)) {
                    ObjectNode before = JSON.objectNode();
                    before.put("statecode", 0); // created open by this run: reopening means statecode 0
                    batch.audit(new AuditLog.Row(s.table(), s.id(), "state", writes.get(k).columns(), before,
                            o.appUser(), o.ok() ? o.requestId() : null));
                } else {
                    batch.fail(owners.get(i), "status", owners.get(i).record().object().typeName() + " "
                            + owners.get(i).record().profiId() + ": its task " + s.id() + " was written but could not be closed: HTTP "
                            + o.error().status() + " " + o.error().codeOrStatus() + " " + o.error().message());
                }
            }
        }
    }

    /**
     * "Match existing" ({@code match} in the mapping): a record about to be created whose match columns equal those
     * of a record already in Dynamics (and not created by this migration) becomes an update of that record. Its
     * before-image is read and kept in id_map (created_by_us = false) before anything is sent; later stages bind
     * their lookups to its id. Two or more candidates are ambiguous: the record goes to the dead letters naming them.
     */
    private List<Planned> matchExisting(LoadBatch batch, List<Planned> creates) throws SQLException {
        List<Planned> out = new ArrayList<>(creates.size());
        Map<UUID, Boolean> ours = null;
        for (Planned p : creates) {
            StagedItem item = p.owner().item();
            String type = item.record().object().typeName();
            org.profid365.migrator.mapping.ObjectMapping.MatchRule rule = load.matchRule(type, p.table().logicalName());
            boolean primary = p.record().id().equals(load.ids().created(type, item.record().profiId()));
            if (rule == null || rule.columns().isEmpty() || !primary) {
                out.add(p);
                continue;
            }
            if (ours == null) {
                ours = createdByUs(batch.connection(), creates);
            }
            if (Boolean.TRUE.equals(ours.get(p.record().id()))) {
                out.add(p); // written by this migration before: not a match candidate
                continue;
            }
            StringBuilder filter = new StringBuilder();
            boolean complete = true;
            for (String col : rule.columns()) {
                com.fasterxml.jackson.databind.JsonNode v = p.record().payload().get(col);
                if (v == null || v.isNull() || v.asText().isBlank()) {
                    complete = false;
                    break;
                }
                filter.append(filter.length() == 0 ? "" : " and ").append(col).append(" eq ")
                        .append(org.profid365.migrator.dataverse.ODataLiteral.string(v.asText().strip()));
            }
            if (!complete) {
                out.add(p); // a record without the match values cannot match anything: it is created
                continue;
            }
            List<String> select = new ArrayList<>();
            select.add(p.table().primaryIdAttribute());
            p.record().payload().fieldNames().forEachRemaining(f -> {
                if (!f.contains("@") && !f.equals(p.table().primaryIdAttribute()) && !CREATE_ONLY.contains(f)) {
                    select.add(f);
                }
            });
            List<ObjectNode> found = load.dataverse().reader().readAll(org.profid365.migrator.dataverse.ODataQuery
                    .from(p.table().entitySetName()).select(select.toArray(String[]::new)).filter(filter.toString()).top(3));
            String key = type + ":" + item.record().profiId();
            String takenBy = null;
            for (java.util.Iterator<ObjectNode> it = found.iterator(); it.hasNext(); ) {
                String[] owner = mapOwner(batch.connection(), p.table().logicalName(),
                        UUID.fromString(it.next().path(p.table().primaryIdAttribute()).asText()));
                if (owner != null && ("true".equals(owner[1]) || !owner[0].equals(key))) {
                    it.remove(); // ours, or already matched by another Profi record
                    takenBy = "false".equals(owner[1]) ? owner[0] : takenBy;
                }
            }
            if (found.isEmpty() && takenBy != null) {
                // two Profi records (e.g. clients sharing an email) must not merge into one Dynamics record
                batch.fail(item, rule.columns().get(0), type + " " + item.record().profiId() + " (" + item.record().location()
                        + "): its match " + rule.columns() + " finds only a " + p.table().logicalName()
                        + " already matched by " + takenBy + ": two Profi records would merge into one");
                continue;
            }
            if (found.isEmpty()) {
                out.add(p);
                continue;
            }
            if (found.size() > 1) {
                batch.fail(item, rule.columns().get(0), type + " " + item.record().profiId() + " (" + item.record().location()
                        + "): matches " + found.size() + " existing " + p.table().logicalName() + " records by "
                        + rule.columns() + " (" + found.stream().map(r -> r.path(p.table().primaryIdAttribute()).asText())
                        .toList() + "): merge them in Dynamics or narrow the match rule");
                continue;
            }
            ObjectNode existing = found.get(0);
            UUID id = UUID.fromString(existing.path(p.table().primaryIdAttribute()).asText());
            // the before-image covers every column the update will write, lookups and the owner included (read as
            // binds), so rollback puts the record back exactly as the business had it
            List<String> written = new ArrayList<>(select.subList(1, select.size()));
            p.record().payload().fieldNames().forEachRemaining(f -> {
                if (f.endsWith("@odata.bind")) {
                    written.add(f);
                }
            });
            ObjectNode before = images.read(p.table(), id, written).orElse(null);
            if (before == null) {
                out.add(p); // deleted in Dynamics between the match and now: nothing to update, it is created
                continue;
            }
            before = keepMatch(batch.runId(), item, p.table().logicalName(), id, before);
            ObjectNode payload = p.record().payload().deepCopy();
            payload.put(p.table().primaryIdAttribute(), id.toString());
            out.add(new Planned(p.owner(), new MappedRecord(p.table().logicalName(), id, payload, p.record().flags()),
                    p.table(), before));
        }
        return out;
    }

    /** Which of these ids this migration created (id_map, created_by_us). */
    private Map<UUID, Boolean> createdByUs(Connection c, List<Planned> planned) throws SQLException {
        Map<UUID, Boolean> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select target_id, created_by_us from id_map where migration_id = ? and target_id = any(?)")) {
            ps.setLong(1, migrationId);
            ps.setArray(2, c.createArrayOf("uuid", planned.stream().map(p -> p.record().id()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getBoolean(2));
                }
            }
        }
        return out;
    }

    /**
     * The Profi record ("type:id") an id_map row of this target belongs to and its created_by_us, or null. A target
     * of a create still in flight (its sent_create row not settled yet, on this or another worker) is ours too: a
     * record that create has just written must not be taken for one that was in Dynamics before.
     */
    private String[] mapOwner(Connection c, String table, UUID id) {
        try (PreparedStatement ps = c.prepareStatement("""
                select object_type || ':' || profi_id, created_by_us from id_map
                where migration_id = ? and target_table = ? and target_id = ? and state <> 'deleted'
                union all
                select u.type || ':' || u.profi_id, true
                from sent_create s, unnest(s.object_types, s.profi_ids, s.target_tables, s.target_ids)
                                    as u(type, profi_id, tbl, target)
                where s.migration_id = ? and u.tbl = ? and u.target = ?
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, table);
            ps.setObject(3, id);
            ps.setLong(4, migrationId);
            ps.setString(5, table);
            ps.setObject(6, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), String.valueOf(rs.getBoolean(2))} : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read id_map: " + e.getMessage(), e);
        }
    }

    /**
     * Records the match write-ahead (state sent, created_by_us false) with its before-image, committed on its own
     * connection; a before-image kept by an earlier attempt wins, as it holds the values from before the migration.
     */
    private ObjectNode keepMatch(long runId, StagedItem item, String table, UUID id, ObjectNode before) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into id_map (migration_id, object_type, profi_id, target_table, target_id, state, created_by_us,
                                    run_id, attempts, before_image)
                values (?, ?, ?, ?, ?, 'sent', false, ?, 1, ?::jsonb)
                on conflict (migration_id, target_table, target_id) do update set
                    before_image = coalesce(id_map.before_image, excluded.before_image),
                    attempts = id_map.attempts + 1, run_id = excluded.run_id, updated_at = now()
                returning before_image::text
                """)) {
            c.setAutoCommit(true);
            ps.setLong(1, migrationId);
            ps.setString(2, item.record().object().typeName());
            ps.setString(3, item.record().profiId());
            ps.setString(4, table);
            ps.setObject(5, id);
            ps.setLong(6, runId);
            ps.setString(7, before.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a stored before-image is not JSON", e);
            }
        }
    }

    /** Whether the task already has the state {@code s} sets; a failed read counts as no. */
    private boolean alreadyInState(TableRef table, RuleEngine.StateChange s) {
        try {
            return load.dataverse().reader().retrieve(table.entitySetName(), s.id(), "statecode", "statuscode")
                    .filter(row -> row.path("statecode").asInt(-1) == s.statecode()
                            && row.path("statuscode").asInt(-1) == s.statuscode())
                    .isPresent();
        } catch (DataverseException e) {
            return false; // the close's own error stands
        }
    }

    static Map<TableRef, List<Planned>> byTable(List<Planned> planned) {
        Map<TableRef, List<Planned>> out = new LinkedHashMap<>();
        for (Planned p : planned) {
            out.computeIfAbsent(p.table(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /**
     * Targets already confirmed in id_map, with the content hash they were written from (null when a change of a record
     * they depend on asks for them to be compared with what was written).
     */
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
        // joined on the target id, so audit_by_target (a hash of target_id) serves each target with one probe
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
     * Write-ahead: the targets about to be created are committed as one sent_create row before the request leaves,
     * on a connection of their own (the batch's transaction commits only with the outcome, which settles the row).
     */
    private void intend(LoadBatch batch, List<Planned> creates) throws SQLException {
        if (creates.isEmpty()) {
            return;
        }
        List<SentCreates.Target> targets = new ArrayList<>(creates.size());
        for (Planned p : creates) {
            targets.add(new SentCreates.Target(p.owner().item().record().object().typeName(),
                    p.owner().item().record().profiId(), p.table().logicalName(), p.record().id()));
        }
        batch.sent(SentCreates.write(ds, migrationId, batch.runId(), targets), creates.stream().map(p -> p.record().id()).toList());
    }
}
