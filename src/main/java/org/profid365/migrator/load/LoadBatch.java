package org.profid365.migrator.load;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.profid365.migrator.store.AuditLog;

/**
 * One batch of one load stage on its way through the routes {@code load-batch} → {@code dataverse-write} →
 * {@code record-outcome}: the claimed records (locked by {@link #connection()}'s open transaction until the outcome
 * is committed), their mapping, and what happened to each.
 */
public final class LoadBatch {

    /** A target record of this batch and the id_map state it ended in. */
    record Target(StagedItem item, String table, UUID id, String state) {
    }

    /** Why a record did not land: the dead letter's field and reason. */
    record Failure(String field, String reason) {
    }

    private final long runId;
    private final LoadStage stage;
    private final Connection connection;
    private final List<StagedItem> items;
    private List<MappedItem> mapped = List.of();
    private final List<AuditLog.Row> audits = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, Failure> failures = new LinkedHashMap<>();
    private int unavailable;
    private final List<Long> sentCreates = new ArrayList<>();
    private final Set<UUID> sentTargets = new HashSet<>();

    LoadBatch(long runId, LoadStage stage, Connection connection, List<StagedItem> items) {
        this.runId = runId;
        this.stage = stage;
        this.connection = connection;
        this.items = List.copyOf(items);
    }

    public long runId() {
        return runId;
    }

    public LoadStage stage() {
        return stage;
    }

    public Connection connection() {
        return connection;
    }

    public List<StagedItem> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    List<MappedItem> mapped() {
        return mapped;
    }

    void mapped(List<MappedItem> mapped) {
        this.mapped = List.copyOf(mapped);
        for (MappedItem m : mapped) {
            if (m.isRejected()) {
                failures.put(m.item().key(), new Failure(m.rejection().field(), m.rejection().reason()));
            }
        }
    }

    synchronized void audit(AuditLog.Row a) {
        audits.add(a);
    }

    synchronized void target(Target t) {
        targets.add(t);
    }

    /** The first failure of a record is kept: it is the cause, later ones are consequences. */
    synchronized void fail(StagedItem item, String field, String reason) {
        failures.putIfAbsent(item.key(), new Failure(field, reason));
    }

    synchronized boolean failed(StagedItem item) {
        return failures.containsKey(item.key());
    }

    List<AuditLog.Row> audits() {
        return audits;
    }

    List<Target> targets() {
        return targets;
    }

    Map<String, Failure> failures() {
        return failures;
    }

    /** The write-ahead row {@code id} (sent_create) covers the creates of {@code targets}. */
    synchronized void sent(long id, List<UUID> targets) {
        sentCreates.add(id);
        sentTargets.addAll(targets);
    }

    /** The sent_create rows this batch's outcome settles. */
    List<Long> sentCreates() {
        return sentCreates;
    }

    /** Whether a create of {@code id} was sent by this batch (it counts as an attempt). */
    boolean sent(UUID id) {
        return sentTargets.contains(id);
    }

    /** Records of this batch that did not land because Dataverse kept refusing them for a passing reason (429, 503). */
    synchronized void unavailable(int records) {
        unavailable += records;
    }

    synchronized int unavailable() {
        return unavailable;
    }

    /** Records of this batch that landed (or needed nothing written). */
    int landed() {
        return items.size() - failures.size();
    }

    @Override
    public String toString() {
        return stage.stageName() + " batch of " + items.size() + " (run " + runId + ")";
    }
}
