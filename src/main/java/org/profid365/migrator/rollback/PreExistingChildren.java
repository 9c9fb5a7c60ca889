package org.profid365.migrator.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseError;
import org.profid365.migrator.dataverse.DataverseException;
import org.profid365.migrator.dataverse.ODataLiteral;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.dataverse.OneToManyRelationship;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.store.AuditLog;

/**
 * Records that existed before the migration (not created by it) and point at a created record through a relationship
 * whose delete cascades: deleting the created record would delete them too (a contact parented to a created account,
 * a task or note on a created contact). They are found through the org's relationship metadata, by the created ids,
 * and unlinked before the delete: their lookup is set to null, audited as an {@code update} whose before-image is the
 * bind, so the link can be put back once the parent exists again.
 *
 * <p>A closed activity is read-only, so it is reopened, unlinked and closed again with its own state and status. The
 * reopen and the unlink are written to the audit log before they are sent (like id_map's {@code sent}), so a crash in
 * between leaves a trace: {@link #recloseLeftOpen} closes what a killed run left open.
 */
final class PreExistingChildren {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A pre-existing record that a delete would cascade into; statecode/statuscode only for activities. */
    record Child(TableRef table, UUID id, OneToManyRelationship via, TableRef parentTable, UUID parent, Integer statecode,
                 Integer statuscode) {

        boolean closedActivity() {
            return statecode != null && statecode != 0;
        }

        String describe() {
            return table.logicalName() + " " + id + " → " + parentTable.logicalName() + " " + parent + " (" + via.schemaName()
                    + ", " + via.referencingAttribute() + ")";
        }
    }

    private final DataSource ds;
    private final long migrationId;
    private final DataverseConnection dv;
    private final CreatedRecords created;
    private final Set<String> ignoredTables;
    private final int idsPerQuery;
    private final Map<String, List<OneToManyRelationship>> cascading = new ConcurrentHashMap<>();

    PreExistingChildren(DataSource ds, long migrationId, DataverseConnection dv, CreatedRecords created,
                        Set<String> ignoredTables, int idsPerQuery) {
        this.ds = ds;
        this.migrationId = migrationId;
        this.dv = dv;
        this.created = created;
        this.ignoredTables = ignoredTables;
        this.idsPerQuery = idsPerQuery;
    }

    /** The relationships through which deleting a record of this table deletes other records. */
    private List<OneToManyRelationship> cascading(String table) {
        return cascading.computeIfAbsent(table, t -> dv.metadata().oneToManyRelationships(t).stream()
                .filter(OneToManyRelationship::cascadesDelete)
                .filter(r -> !ignoredTables.contains(r.referencingEntity()))
                .toList());
    }

    /** The records not created by the migration that deleting these parents would delete. */
    List<Child> find(TableRef parentTable, List<UUID> parents) throws SQLException {
        List<Child> out = new ArrayList<>();
        if (parents.isEmpty()) {
            return out;
        }
        for (OneToManyRelationship r : cascading(parentTable.logicalName())) {
            TableRef childTable = dv.metadata().tableRef(r.referencingEntity());
            boolean activity = childTable.primaryIdAttribute().equals("activityid");
            String lookup = "_" + r.referencingAttribute() + "_value";
            List<Child> found = new ArrayList<>();
            for (int i = 0; i < parents.size(); i += idsPerQuery) {
                List<String> terms = new ArrayList<>();
                for (UUID p : parents.subList(i, Math.min(parents.size(), i + idsPerQuery))) {
                    terms.add(lookup + " eq " + ODataLiteral.guid(p));
                }
                ODataQuery q = ODataQuery.from(childTable.entitySetName()).filter(String.join(" or ", terms));
                q = activity ? q.select(childTable.primaryIdAttribute(), lookup, "statecode", "statuscode")
                        : q.select(childTable.primaryIdAttribute(), lookup);
                try {
                    dv.reader().forEach(q, row -> found.add(new Child(childTable,
                            UUID.fromString(row.path(childTable.primaryIdAttribute()).asText()), r, parentTable,
                            UUID.fromString(row.path(lookup).asText()),
                            activity ? row.path("statecode").asInt() : null,
                            activity ? row.path("statuscode").asInt() : null)));
                } catch (DataverseException e) {
                    throw new DataverseException(new DataverseError(e.error().status(), e.error().code(),
                            "cannot look for records that " + r.schemaName() + " (" + r.referencingEntity() + "."
                                    + r.referencingAttribute() + ") would delete with their " + parentTable.logicalName()
                                    + ": " + e.error().message() + "; if that table holds no business data, add it to "
                                    + "migrator.rollback.ignore-child-tables", false, e.error().requestId()), e);
                }
            }
            Set<UUID> ours;
            try (Connection c = ds.getConnection()) {
                ours = created.ours(c, childTable.logicalName(), found.stream().map(Child::id).toList());
            }
            found.stream().filter(ch -> !ours.contains(ch.id())).forEach(out::add);
        }
        return out;
    }

    /**
     * Unlinks each child from its created parent (reopening and re-closing a closed activity around it). Returns the
     * parents that must not be deleted because a child of theirs could not be unlinked, with the reason.
     */
    Map<UUID, String> unlink(long runId, List<Child> children) throws SQLException {
        Map<UUID, String> blocked = new HashMap<>();
        for (Child ch : children) {
            String key = ch.table().logicalName() + " " + ch.id();
            if (ch.closedActivity()) {
                ObjectNode reopen = JSON.objectNode().put("statecode", 0);
                ObjectNode closed = JSON.objectNode().put("statecode", ch.statecode()).put("statuscode", ch.statuscode());
                String error = writeAhead(runId, ch, "state", reopen, closed);
                if (error != null) {
                    blocked.put(ch.parent(), key + " could not be reopened to unlink it: " + error);
                    continue;
                }
            }
            ObjectNode unlink = JSON.objectNode().putNull(ch.via().navigationProperty() + "@odata.bind");
            ObjectNode bound = JSON.objectNode().put(ch.via().navigationProperty() + "@odata.bind",
                    "/" + ch.parentTable().entitySetName() + "(" + ch.parent() + ")");
            String error = writeAhead(runId, ch, "update", unlink, bound);
            if (error != null) {
                blocked.put(ch.parent(), key + " could not be unlinked: " + error);
            }
            if (ch.closedActivity()) {
                reclose(runId, ch.table(), ch.id(), ch.statecode(), ch.statuscode());
            }
        }
        return blocked;
    }

    /**
     * Audits a write before sending it (committed at once), then sends it; on success the row gets the request id, on
     * a refusal it is removed. A crash in between leaves the row: it claims a write that may have landed.
     */
    private String writeAhead(long runId, Child ch, String operation, ObjectNode columns, ObjectNode before)
            throws SQLException {
        long auditId;
        try (Connection c = ds.getConnection()) {
            auditId = AuditLog.insert(c, runId, migrationId, List.of(new AuditLog.Row(ch.table().logicalName(), ch.id(),
                    operation, columns, before, null, null))).get(0);
        }
        WriteOutcome o = dv.recordWriter().update(ch.table(), RecordWrite.of(ch.table().logicalName() + " " + ch.id(),
                ch.id(), columns));
        // deleted by someone meanwhile: nothing left for the cascade to take, nothing was written
        boolean gone = !o.ok() && (o.error().status() == 404 || DataverseError.DOES_NOT_EXIST.equals(o.error().code()));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(o.ok()
                ? "update audit_log set app_user = ?, request_id = ? where id = ?"
                : "delete from audit_log where id = ?")) {
            if (o.ok()) {
                ps.setString(1, o.appUser());
                ps.setString(2, o.requestId());
                ps.setLong(3, auditId);
            } else {
                ps.setLong(1, auditId);
            }
            ps.executeUpdate();
        }
        return o.ok() || gone ? null : o.error().toString();
    }

    /** Closes a reopened activity again with its own state and status, and audits it. */
    private boolean reclose(long runId, TableRef table, UUID id, int statecode, int statuscode) throws SQLException {
        ObjectNode closed = JSON.objectNode().put("statecode", statecode).put("statuscode", statuscode);
        WriteOutcome o = dv.recordWriter().update(table, RecordWrite.of(table.logicalName() + " " + id, id, closed));
        if (!o.ok()) {
            return false; // stays in the audit log as reopened: recloseLeftOpen tries again
        }
        try (Connection c = ds.getConnection()) {
            AuditLog.insert(c, runId, migrationId, List.of(new AuditLog.Row(table.logicalName(), id, "state", closed,
                    JSON.objectNode().put("statecode", 0), o.appUser(), o.requestId())));
        }
        return true;
    }

    /**
     * Activities a rollback reopened and has not closed again (a crash between the two, or a refused close): each is
     * closed with the state and status it had, unless it is closed already or gone. Returns how many were closed.
     */
    int recloseLeftOpen(long runId) throws SQLException {
        record Reopened(String table, UUID id, int statecode, int statuscode) {
        }
        List<Reopened> open = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select distinct on (a.target_table, a.target_id) a.target_table, a.target_id,
                       (a.before_image ->> 'statecode')::int, (a.before_image ->> 'statuscode')::int
                from audit_log a join run r on r.id = a.run_id and r.kind = 'rollback'
                where a.migration_id = ? and a.operation = 'state' and (a.columns ->> 'statecode')::int = 0
                  and not exists (select 1 from audit_log b join run rb on rb.id = b.run_id and rb.kind = 'rollback'
                                  where b.migration_id = a.migration_id and b.target_table = a.target_table
                                    and b.target_id = a.target_id and b.operation = 'state' and b.id > a.id
                                    and (b.columns ->> 'statecode')::int <> 0)
                order by a.target_table, a.target_id, a.id desc
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    open.add(new Reopened(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        int closed = 0;
        for (Reopened r : open) {
            TableRef table = dv.metadata().tableRef(r.table());
            JsonNode now = dv.reader().retrieve(table.entitySetName(), r.id(), "statecode").orElse(null);
            if (now == null) {
                continue; // deleted since by someone else: nothing to close
            }
            if (now.path("statecode").asInt() != 0) {
                // the close landed but its audit row did not: record it without sending anything
                try (Connection c = ds.getConnection()) {
                    AuditLog.insert(c, runId, migrationId, List.of(new AuditLog.Row(r.table(), r.id(), "state",
                            JSON.objectNode().put("statecode", r.statecode()).put("statuscode", r.statuscode()),
                            JSON.objectNode().put("statecode", 0), null, null)));
                }
                continue;
            }
            if (reclose(runId, table, r.id(), r.statecode(), r.statuscode())) {
                closed++;
            }
        }
        return closed;
    }

    /** The distinct parents of these children. */
    static Set<UUID> parents(List<Child> children) {
        Set<UUID> out = new LinkedHashSet<>();
        children.forEach(c -> out.add(c.parent()));
        return out;
    }
}
