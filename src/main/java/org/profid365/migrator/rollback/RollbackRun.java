package org.profid365.migrator.rollback;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.store.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollback run: the steps the route {@code rollback} calls, in order. Restores the before-images of records the
 * migration changed, deletes the records it created by their recorded ids (children before parents; pre-existing
 * records that a delete would cascade into are unlinked first, or the run stops, as configured), closes again any
 * activity it had to reopen, and sets the state store back so a later load starts over. Every write is audited.
 *
 * <p>Resumable: what is done is recorded as it is done (id_map {@code deleted}, audit {@code restore}); a run killed
 * anywhere is finished by the next one, which finds deleted records gone (404 counts as done).
 */
public final class RollbackRun {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackRun.class);
    /** Ids per OData filter when looking for pre-existing children: keeps the URL well under its limits. */
    private static final int IDS_PER_QUERY = 25;

    /** What to do with a pre-existing record that a delete would cascade into. */
    public enum PreExisting {
        /** Set its lookup to null (audited, reversible) and delete. */
        UNLINK,
        /** Delete nothing, list them. */
        STOP;

        public static PreExisting parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("migrator.rollback.pre-existing-children must be unlink or stop, not '"
                        + value + "'");
            }
        }
    }

    private final MigratorContext ctx;
    private final DataverseConnection dv;
    private final long runId;
    private final PreExisting mode;
    private final int batchSize;
    private final CreatedRecords created;
    private final PreExistingChildren children;
    private final BeforeImages images;
    private final Map<String, Long> counters = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unlinked = Collections.synchronizedList(new ArrayList<>());
    private final List<String> blocked = Collections.synchronizedList(new ArrayList<>());
    private final List<String> schemaKept = Collections.synchronizedList(new ArrayList<>());
    private final List<String> schemaRemoved = Collections.synchronizedList(new ArrayList<>());
    private final boolean schema;
    private volatile String stoppedBecause;

    public RollbackRun(MigratorContext ctx, DataverseConnection dv, long runId, PreExisting mode) {
        this(ctx, dv, runId, mode, false);
    }

    /** {@code schema}: also remove the schema components {@code schema --apply} created, once the data is undone. */
    public RollbackRun(MigratorContext ctx, DataverseConnection dv, long runId, PreExisting mode, boolean schema) {
        this.schema = schema;
        this.ctx = ctx;
        this.dv = dv;
        this.runId = runId;
        this.mode = mode;
        MigratorConfig config = ctx.config();
        this.batchSize = config.getInt("migrator.rollback.batch-size", 1000);
        if (batchSize < 1) {
            throw new ConfigurationException("migrator.rollback.batch-size must be at least 1");
        }
        long migrationId = ctx.migration().id();
        this.created = new CreatedRecords(migrationId);
        Set<String> ignored = new HashSet<>();
        Arrays.stream(config.get("migrator.rollback.ignore-child-tables", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).forEach(ignored::add);
        this.children = new PreExistingChildren(ctx.store().dataSource(), migrationId, dv, created, ignored, IDS_PER_QUERY);
        this.images = new BeforeImages(ctx.store().dataSource(), migrationId, dv, batchSize);
    }

    public long runId() {
        return runId;
    }

    /** Step 1, {@code stop} only: looks for pre-existing children of every created record before anything is written. */
    public void checkPreExisting() throws SQLException {
        if (mode != PreExisting.STOP) {
            return;
        }
        for (CreatedRecords.Table t : tables()) {
            TableRef ref = dv.metadata().tableRef(t.logicalName());
            UUID after = null;
            while (true) {
                List<UUID> ids = next(t.logicalName(), after);
                if (ids.isEmpty()) {
                    break;
                }
                after = ids.get(ids.size() - 1);
                children.find(ref, ids).forEach(ch -> blocked.add(ch.describe()));
            }
        }
        if (!blocked.isEmpty()) {
            stoppedBecause = blocked.size() + " record(s) that existed before the migration point at records it created"
                    + " through a relationship whose delete cascades; nothing was written";
        }
    }

    /** Step 2: the before-images of records the migration changed but did not create, newest first. */
    public void restoreUpdates() throws SQLException {
        if (stoppedBecause != null) {
            return;
        }
        BeforeImages.Result r = images.restore(runId);
        add("restored", r.restored());
        add("restore-gone", r.gone());
        failures.addAll(r.failures());
        if (r.restored() + r.gone() + r.failures().size() > 0) {
            LOG.info("Restored the before-images of {} records ({} gone since, {} failed)", r.restored(), r.gone(),
                    r.failures().size());
        }
    }

    /**
     * Step 3: deletes the created records table by table, children first. A stage (tables of one load stage) that
     * leaves records undeleted stops the run there, so no parent is deleted while a child of it remains.
     */
    public void deleteCreated() throws SQLException {
        if (stoppedBecause != null) {
            return;
        }
        List<CreatedRecords.Table> tables = tables();
        int failedAtStageStart = failures.size();
        for (int i = 0; i < tables.size(); i++) {
            CreatedRecords.Table t = tables.get(i);
            if (i > 0 && tables.get(i - 1).stage() != t.stage()) {
                failedAtStageStart = failures.size();
            }
            deleteTable(t);
            boolean lastOfStage = i + 1 == tables.size() || tables.get(i + 1).stage() != t.stage();
            if (lastOfStage && (failures.size() > failedAtStageStart || !blocked.isEmpty())) {
                stoppedBecause = !blocked.isEmpty()
                        ? blocked.size() + " record(s) that existed before the migration point at created records through "
                                + "a relationship whose delete cascades; those and every parent table were left in place"
                        : "some records of " + t.logicalName() + " (or of a table of the same stage) could not be "
                                + "deleted, so no parent table was touched";
                return;
            }
        }
    }

    private void deleteTable(CreatedRecords.Table t) throws SQLException {
        TableRef ref = dv.metadata().tableRef(t.logicalName());
        LOG.info("Deleting {} records of {}", t.remaining(), t.logicalName());
        UUID after = null;
        while (true) {
            List<UUID> ids = next(t.logicalName(), after);
            if (ids.isEmpty()) {
                return;
            }
            after = ids.get(ids.size() - 1);
            Set<UUID> keep = protect(ref, ids);
            List<UUID> delete = ids.stream().filter(id -> !keep.contains(id)).toList();
            List<WriteOutcome> outcomes = dv.bulkWriter().delete(ref, delete);
            List<UUID> done = new ArrayList<>();
            List<AuditLog.Row> audit = new ArrayList<>();
            for (WriteOutcome o : outcomes) {
                if (o.ok()) {
                    done.add(o.id());
                    audit.add(new AuditLog.Row(t.logicalName(), o.id(), "delete", null, null, o.appUser(), o.requestId()));
                } else {
                    failures.add(t.logicalName() + " " + o.id() + " could not be deleted: " + o.error());
                }
            }
            try (Connection c = ctx.store().connection()) {
                c.setAutoCommit(false);
                created.markDeleted(c, runId, t.logicalName(), done);
                AuditLog.insert(c, runId, ctx.migration().id(), audit);
                c.commit();
            }
            add("deleted", done.size());
            add("deleted." + t.logicalName(), done.size());
        }
    }

    /** Unlinks (or, in stop mode, reports) the pre-existing children of these parents; returns the parents to keep. */
    private Set<UUID> protect(TableRef table, List<UUID> parents) throws SQLException {
        List<PreExistingChildren.Child> found = children.find(table, parents);
        Set<UUID> keep = new LinkedHashSet<>();
        if (found.isEmpty()) {
            return keep;
        }
        if (mode == PreExisting.STOP) {
            found.forEach(ch -> blocked.add(ch.describe()));
            keep.addAll(PreExistingChildren.parents(found));
            return keep;
        }
        Map<UUID, String> refused = children.unlink(runId, found);
        for (PreExistingChildren.Child ch : found) {
            if (!refused.containsKey(ch.parent())) {
                unlinked.add(ch.describe());
                LOG.info("Unlinked pre-existing {}", ch.describe());
            }
        }
        refused.forEach((parent, why) -> failures.add(table.logicalName() + " " + parent + " was not deleted: " + why));
        add("unlinked", found.size() - refused.size());
        keep.addAll(refused.keySet());
        return keep;
    }

    /** Step 4: closes again any pre-existing activity a rollback reopened to unlink it and did not close (a crash). */
    public void recloseActivities() throws SQLException {
        add("reclosed", children.recloseLeftOpen(runId));
    }

    /** Step 5, only when everything is undone: staged records back to pending. */
    public void resetState() throws SQLException {
        if (!complete()) {
            return;
        }
        try (Connection c = ctx.store().connection()) {
            c.setAutoCommit(false);
            if (!created.inDeleteOrder(c).isEmpty()) {
                c.rollback();
                stoppedBecause = "created records are left (another process wrote meanwhile?); run rollback again";
                return;
            }
            add("staged-reset", created.resetStaged(c));
            c.commit();
        }
    }

    /**
     * Step 6, {@code --schema} only, after everything else is undone (no record the migration created is left, by the
     * state store): removes the recorded schema components, or none of them when that would take data with it.
     */
    public void removeSchema() throws SQLException {
        if (!schema) {
            return;
        }
        if (!complete()) {
            LOG.info("Schema left in place: the data rollback is not complete");
            return;
        }
        try (Connection c = ctx.store().connection()) {
            if (!created.inDeleteOrder(c).isEmpty()) {
                stoppedBecause = "created records are left, so the schema stays; run rollback again";
                return;
            }
        }
        SchemaRemoval.Result r = new SchemaRemoval(new SchemaChanges(ctx.store().dataSource(), ctx.migration().id()), dv)
                .run(runId);
        schemaKept.addAll(r.kept());
        schemaRemoved.addAll(r.removed());
        failures.addAll(r.failures());
        add("schema-removed", r.removed().size());
        r.removedByKind().forEach((kind, n) -> add("schema-removed." + kind, n));
        if (!r.kept().isEmpty()) {
            stoppedBecause = "removing the schema would take data that existed before the migration with it; nothing of "
                    + "the schema was removed";
        }
    }

    /** {@code --schema}: why nothing of the schema was removed (table or column, and how many records). */
    public List<String> schemaKept() {
        return List.copyOf(schemaKept);
    }

    /** {@code --schema}: the components this run removed. */
    public List<String> schemaRemoved() {
        return List.copyOf(schemaRemoved);
    }

    private List<CreatedRecords.Table> tables() throws SQLException {
        try (Connection c = ctx.store().connection()) {
            return created.inDeleteOrder(c);
        }
    }

    private List<UUID> next(String table, UUID after) throws SQLException {
        try (Connection c = ctx.store().connection()) {
            return created.next(c, table, after, batchSize);
        }
    }

    private void add(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }

    /** Whether everything was undone: nothing failed, nothing blocked, nothing stopped. */
    public boolean complete() {
        return stoppedBecause == null && failures.isEmpty() && blocked.isEmpty();
    }

    public String stoppedBecause() {
        return stoppedBecause;
    }

    public Map<String, Long> counters() {
        synchronized (counters) {
            return new LinkedHashMap<>(counters);
        }
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public List<String> unlinked() {
        return List.copyOf(unlinked);
    }

    /** Stop mode: the pre-existing records that stopped the run. */
    public List<String> blocked() {
        return List.copyOf(blocked);
    }
}
