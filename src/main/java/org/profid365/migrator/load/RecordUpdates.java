package org.profid365.migrator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.load.DataverseWrites.Planned;
import org.profid365.migrator.mapping.RuleEngine;
import org.profid365.migrator.store.AuditLog;
import org.profid365.migrator.store.IntendedWrites;
import org.profid365.migrator.store.IntendedWrites.Intent;

/**
 * Updates of records already in Dynamics whose Profi record changed (or that were matched to a record Dynamics had
 * before the migration). Only the columns whose mapped value differs from
 * what the migration last wrote are sent (an emptied value as null), so a change someone made in Dynamics to another
 * column stays. Before anything leaves, the current values of those columns are read (lookups as binds) and committed
 * as the write-ahead intent; the audit row of the update carries them as its before-image. A retry after a crash uses
 * the intent's before-image, not a fresh read that would return what the lost attempt already wrote.
 *
 * <p>Tasks: a closed activity is read-only, so a closed task that must change is reopened first (audited as a
 * {@code state} change with its former state) and closed again afterwards when its session is still closed; a task
 * whose session moved to another closed state (completed to cancelled) is reopened and closed in the new state.
 */
final class RecordUpdates {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private static final String BIND = "@odata.bind";
    /** Written by state changes, never by the mapping: not cleared when the mapped payload lacks them. */
    private static final Set<String> STATE = Set.of("statecode", "statuscode");

    private final LoadContext load;
    private final DataSource ds;
    private final long migrationId;
    private final BeforeImageReader images;
    /** The load's writer: bulk, or the benchmark's one request per record. */
    private final TableWriter writer;

    RecordUpdates(LoadContext load, BeforeImageReader images, TableWriter writer) {
        this.load = load;
        this.writer = writer;
        this.ds = load.migrator().store().dataSource();
        this.migrationId = load.migrator().migration().id();
        this.images = images;
    }

    /** One planned change of one existing record. */
    private static final class Change {
        final Planned planned;
        final ObjectNode columns;
        final ObjectNode before;
        ObjectNode reopenBefore;
        boolean reopenSent;
        RuleEngine.StateChange close;
        RuleEngine.StateChange closedEarlier;
        boolean failed;

        Change(Planned planned, ObjectNode columns, ObjectNode before) {
            this.planned = planned;
            this.columns = columns;
            this.before = before;
        }

        UUID id() {
            return planned.record().id();
        }

        StagedItem item() {
            return planned.owner().item();
        }
    }

    /**
     * Writes the changes of these records (all already confirmed in id_map with another content hash). Returns the
     * tasks whose state it took care of, which the caller's closing step must leave alone.
     */
    Set<UUID> write(LoadBatch batch, List<Planned> planned, Map<UUID, RuleEngine.StateChange> states) throws SQLException {
        Set<UUID> handled = new HashSet<>();
        for (Map.Entry<TableRef, List<Planned>> e : DataverseWrites.byTable(planned).entrySet()) {
            write(batch, e.getKey(), e.getValue(), states, handled);
        }
        return handled;
    }

    private void write(LoadBatch batch, TableRef table, List<Planned> planned, Map<UUID, RuleEngine.StateChange> states,
                       Set<UUID> handled) throws SQLException {
        List<UUID> ids = planned.stream().map(p -> p.record().id()).toList();
        Map<UUID, ObjectNode> written = WrittenColumns.of(batch.connection(), migrationId, table.logicalName(), ids);
        Map<String, Intent> intents = IntendedWrites.find(batch.connection(), migrationId, table.logicalName(), ids);
        boolean tasks = "task".equals(table.logicalName());
        List<Change> changes = new ArrayList<>();
        for (Planned p : planned) {
            UUID id = p.record().id();
            Intent pendingUpdate = intents.get(IntendedWrites.key(id, "update"));
            Intent pendingReopen = intents.get(IntendedWrites.key(id, "state"));
            ObjectNode columns = changedColumns(table, written.get(id), updatable(table, p.record().payload()), pendingUpdate);
            if (tasks) {
                handled.add(id);
            }
            if (p.matched()) {
                // in Dynamics before the migration: its before-image is the one id_map keeps from before the migration
                // first touched it (what rollback restores), so nothing is read and no intent is needed
                if (columns.isEmpty()) {
                    confirm(batch, p);
                } else {
                    changes.add(new Change(p, columns, p.before()));
                }
                continue;
            }
            if (columns.isEmpty() && (!tasks || pendingReopen == null && inPlace(written.get(id), states.get(id)))) {
                confirm(batch, p); // a Profi change that no mapped column shows: nothing to write
                continue;
            }
            List<String> read = new ArrayList<>();
            columns.fieldNames().forEachRemaining(read::add);
            if (tasks) {
                read.add("statecode");
                read.add("statuscode");
            }
            ObjectNode current = images.read(table, id, read).orElse(null);
            if (current == null) {
                batch.target(new LoadBatch.Target(p.owner().item(), table.logicalName(), id, "failed"));
                batch.fail(p.owner().item(), null, describe(p, "it is no longer in Dynamics (deleted there?), so the "
                        + "change made in Profi cannot be written"));
                continue;
            }
            // what the read found (a lookup under the navigation property of the table it points at), and over it
            // what a lost earlier attempt had read before it wrote
            ObjectNode before = JSON.objectNode();
            current.fields().forEachRemaining(e -> {
                if (!STATE.contains(e.getKey()) || columns.has(e.getKey())) {
                    before.set(e.getKey(), e.getValue());
                }
            });
            if (pendingUpdate != null && pendingUpdate.beforeImage() != null) {
                before.setAll(pendingUpdate.beforeImage());
            }
            Change change = new Change(p, columns, before);
            if (tasks) {
                int state = current.path("statecode").asInt(0);
                int status = current.path("statuscode").asInt(0);
                RuleEngine.StateChange wanted = states.get(id);
                boolean inPlace = wanted == null ? state == 0 : state == wanted.statecode() && status == wanted.statuscode();
                if (columns.isEmpty() && inPlace) {
                    if (pendingReopen == null) {
                        confirm(batch, p);
                        continue;
                    }
                    // a lost attempt reopened the task (and closed it again when wanted): audit that, send nothing
                    change.reopenBefore = pendingReopen.beforeImage();
                    change.closedEarlier = state != 0 ? wanted : null;
                    changes.add(change);
                    continue;
                }
                if (state != 0) {
                    ObjectNode was = JSON.objectNode();
                    was.put("statecode", state);
                    was.put("statuscode", status);
                    change.reopenBefore = pendingReopen != null && pendingReopen.beforeImage() != null
                            ? pendingReopen.beforeImage() : was;
                    change.reopenSent = true;
                } else if (pendingReopen != null) {
                    change.reopenBefore = pendingReopen.beforeImage(); // a lost attempt reopened it: audit that
                }
                change.close = wanted;
            }
            changes.add(change);
        }
        intend(batch.runId(), table, changes);
        reopen(batch, table, changes);
        update(batch, table, changes);
        close(batch, table, changes);
        for (Change c : changes) {
            if (!c.failed) {
                confirm(batch, c.planned);
            }
        }
    }

    /** Whether a task is, as the migration last left it, in the state its session wants (null: open). */
    private static boolean inPlace(ObjectNode written, RuleEngine.StateChange wanted) {
        if (written == null) {
            return false;
        }
        int state = written.path("statecode").asInt(0);
        return wanted == null ? state == 0
                : state == wanted.statecode() && written.path("statuscode").asInt(-1) == wanted.statuscode();
    }

    /** Write-ahead of every change about to be sent, committed on its own connection. */
    private void intend(long runId, TableRef table, List<Change> changes) throws SQLException {
        List<Intent> intents = new ArrayList<>();
        for (Change c : changes) {
            if (!c.columns.isEmpty() && !c.planned.matched()) {
                intents.add(new Intent(table.logicalName(), c.id(), "update", c.columns, c.before));
            }
            if (c.reopenSent) {
                intents.add(new Intent(table.logicalName(), c.id(), "state", open(), c.reopenBefore));
            }
        }
        IntendedWrites.put(ds, migrationId, runId, intents);
    }

    private void reopen(LoadBatch batch, TableRef table, List<Change> changes) {
        List<Change> sent = new ArrayList<>();
        List<RecordWrite> writes = new ArrayList<>();
        for (Change c : changes) {
            if (c.reopenSent) {
                sent.add(c);
                writes.add(RecordWrite.of(c.item().key(), c.id(), open()));
            } else if (c.reopenBefore != null) {
                batch.audit(new AuditLog.Row(table.logicalName(), c.id(), "state", open(), c.reopenBefore, null, null));
            }
        }
        List<WriteOutcome> outcomes = send(table, writes);
        for (int i = 0; i < outcomes.size(); i++) {
            Change c = sent.get(i);
            WriteOutcome o = outcomes.get(i);
            if (o.ok()) {
                batch.audit(new AuditLog.Row(table.logicalName(), c.id(), "state", writes.get(i).columns(), c.reopenBefore,
                        o.appUser(), o.requestId()));
            } else {
                fail(batch, c, "status", "its task is closed and could not be reopened to write the change", o);
            }
        }
    }

    private void update(LoadBatch batch, TableRef table, List<Change> changes) {
        List<Change> sent = new ArrayList<>();
        List<RecordWrite> writes = new ArrayList<>();
        for (Change c : changes) {
            if (!c.failed && !c.columns.isEmpty()) {
                sent.add(c);
                writes.add(RecordWrite.of(c.item().key(), c.id(), c.columns));
            }
        }
        List<WriteOutcome> outcomes = send(table, writes);
        for (int i = 0; i < outcomes.size(); i++) {
            Change c = sent.get(i);
            WriteOutcome o = outcomes.get(i);
            if (o.ok()) {
                batch.audit(new AuditLog.Row(table.logicalName(), c.id(), "update", c.columns, c.before, o.appUser(),
                        o.requestId()));
            } else {
                fail(batch, c, null, "Dataverse refused the update", o);
            }
        }
    }

    private void close(LoadBatch batch, TableRef table, List<Change> changes) {
        List<Change> sent = new ArrayList<>();
        List<RecordWrite> writes = new ArrayList<>();
        for (Change c : changes) {
            if (c.closedEarlier != null) {
                batch.audit(new AuditLog.Row(table.logicalName(), c.id(), "state", closed(c.closedEarlier), open(),
                        null, null));
            } else if (!c.failed && c.close != null) {
                sent.add(c);
                writes.add(RecordWrite.of(c.item().key(), c.id(), closed(c.close)));
            }
        }
        List<WriteOutcome> outcomes = send(table, writes);
        for (int i = 0; i < outcomes.size(); i++) {
            Change c = sent.get(i);
            WriteOutcome o = outcomes.get(i);
            if (o.ok()) {
                // it is open at this point: reopened above, or never closed
                batch.audit(new AuditLog.Row(table.logicalName(), c.id(), "state", writes.get(i).columns(), open(),
                        o.appUser(), o.requestId()));
            } else {
                fail(batch, c, "status", "its task was updated but could not be closed again", o);
            }
        }
    }

    private static ObjectNode open() {
        ObjectNode open = JSON.objectNode();
        open.put("statecode", 0);
        return open;
    }

    private static ObjectNode closed(RuleEngine.StateChange s) {
        ObjectNode cols = JSON.objectNode();
        cols.put("statecode", s.statecode());
        cols.put("statuscode", s.statuscode());
        return cols;
    }

    private List<WriteOutcome> send(TableRef table, List<RecordWrite> writes) {
        return writes.isEmpty() ? List.of() : writer.update(table, writes);
    }

    private void fail(LoadBatch batch, Change c, String field, String what, WriteOutcome o) {
        c.failed = true;
        if (o.error().retryable()) {
            batch.unavailable(1);
        }
        batch.target(new LoadBatch.Target(c.item(), c.planned.table().logicalName(), c.id(), "failed"));
        batch.fail(c.item(), field != null ? field : o.error().refusedColumn(), describe(c.planned, what + ": " + c.planned.table().logicalName() + " " + c.id()
                + " → HTTP " + o.error().status() + " " + o.error().codeOrStatus() + " " + o.error().message()
                + (o.error().requestId() == null ? "" : " (request " + o.error().requestId() + ")")));
    }

    private static void confirm(LoadBatch batch, Planned p) {
        batch.target(new LoadBatch.Target(p.owner().item(), p.table().logicalName(), p.record().id(), "confirmed"));
    }

    private static String describe(Planned p, String what) {
        StagedItem item = p.owner().item();
        return item.record().object().typeName() + " " + item.record().profiId() + " (" + item.record().location()
                + "): " + what;
    }

    /** The payload an update may send: without the primary key and the create-only columns. */
    private static ObjectNode updatable(TableRef table, ObjectNode payload) {
        ObjectNode out = payload.deepCopy();
        out.remove(table.primaryIdAttribute());
        DataverseWrites.CREATE_ONLY.forEach(out::remove);
        return out;
    }

    /**
     * The columns to send: those whose value differs from what was last written, null for a column written before
     * that has no value now (a lookup only when no other bind sets the same column), and the columns of a lost
     * earlier attempt, which may have landed. Everything when nothing is known of earlier writes.
     */
    private ObjectNode changedColumns(TableRef table, ObjectNode written, ObjectNode next, Intent pendingUpdate) {
        if (written == null) {
            return next.deepCopy();
        }
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = next.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!same(written.get(e.getKey()), e.getValue())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        Set<String> boundColumns = new HashSet<>();
        next.fieldNames().forEachRemaining(f -> {
            if (f.endsWith(BIND)) {
                boundColumns.add(images.lookupColumn(table.logicalName(), f));
            }
        });
        for (Iterator<String> it = written.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (next.has(f) || f.equals(table.primaryIdAttribute()) || DataverseWrites.CREATE_ONLY.contains(f)
                    || STATE.contains(f) || f.startsWith("@") || written.get(f).isNull()) {
                continue;
            }
            if (f.endsWith(BIND) && boundColumns.contains(images.lookupColumn(table.logicalName(), f))) {
                continue; // another navigation property sets this lookup now (a note moved from a contact to a task)
            }
            out.putNull(f);
        }
        if (pendingUpdate != null) {
            pendingUpdate.columns().fieldNames().forEachRemaining(f -> {
                if (!out.has(f)) {
                    out.set(f, next.has(f) ? next.get(f) : JSON.nullNode());
                }
            });
        }
        return out;
    }

    /** Equal JSON values, numbers compared by value (1500.5 and 1500.50 are the same amount). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b || (a == null ? b.isNull() : a.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
