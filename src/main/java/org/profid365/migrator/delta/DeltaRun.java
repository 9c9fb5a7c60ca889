package org.profid365.migrator.delta;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadProgress;
import org.profid365.migrator.pipeline.StagingResult;

/**
 * One delta on its way through the route {@code delta-run} (exchange property {@value DeltaJob#RUN}): what it picked
 * up, loaded and deleted, and how it ended. The CLI prints it; the routes read {@link #getPickup()} and
 * {@link #isSkipped()}.
 */
public final class DeltaRun {

    /** Where the changes come from. */
    public enum Pickup {
        /** The Profi API, asked for what changed since the watermark. */
        HTTP,
        /** Export directories or .zip files, compared with the staged records by content hash. */
        EXPORTS,
        /** Nothing to read: what other routes staged since the last delta (the inbox) is loaded. */
        NONE
    }

    long runId;
    DeltaLock lock;
    String skipped;
    Pickup pickup = Pickup.NONE;
    String source;
    String updatedSince;
    final List<Path> paths = new ArrayList<>();
    /** Inbox files this run claimed (moved to inbox/.delta), by the path they are staged from. */
    final Map<Path, Path> claimed = new LinkedHashMap<>();
    Path current;
    final List<StagingResult> staged = new ArrayList<>();
    long previousExport;
    long exportHigh;
    long retried;
    long dependents;
    long pending;
    ProfiDeletions deletions;
    ProfiDeletions.Plan deletionPlan;
    ProfiDeletions.Summary deletionSummary;
    DataverseConnection dv;
    LoadProgress progress;
    String status = "running";
    String newUpdatedSince;
    String error;

    public long runId() {
        return runId;
    }

    public String getPickup() {
        return pickup.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Why the run did nothing (another delta running, the cutover closed); null when it ran. */
    public String skipReason() {
        return skipped;
    }

    public boolean isSkipped() {
        return skipped != null;
    }

    public String status() {
        return status;
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    /** Records that went to the dead letters in this run's load. */
    public long rejected() {
        return progress == null ? 0 : progress.rejected();
    }

    public long landed() {
        return progress == null ? 0 : progress.landed();
    }

    /** Records that could not land or be deleted because Dataverse was unavailable: why a run fails. */
    public long unavailable() {
        return (progress == null ? 0 : progress.unavailable()) + (deletionSummary == null ? 0 : deletionSummary.unavailable);
    }

    /** Records of the written types that were pending when the load started. */
    public long pending() {
        return pending;
    }

    public List<StagingResult> staged() {
        return staged;
    }

    public String source() {
        return source;
    }

    public String updatedSince() {
        return updatedSince;
    }

    /** The API watermark this run set (null: unchanged or not an API source). */
    public String newUpdatedSince() {
        return newUpdatedSince;
    }

    public Path deletionReport() {
        return deletionSummary == null ? null : deletionSummary.report;
    }

    /** The run's counters, as the ledger keeps them. */
    public Map<String, Object> counters() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> pick = new LinkedHashMap<>();
        pick.put("kind", getPickup());
        if (source != null) {
            pick.put("source", source);
        }
        if (updatedSince != null) {
            pick.put("updated_since", updatedSince);
        }
        long added = 0;
        long changed = 0;
        long rejectedOnStaging = 0;
        List<Long> exports = new ArrayList<>();
        for (StagingResult r : staged) {
            exports.add(r.exportId());
            added += r.total(StagingResult.Counts::added);
            changed += r.total(StagingResult.Counts::changed);
            rejectedOnStaging += r.rejected();
        }
        pick.put("exports", exports);
        pick.put("added", added);
        pick.put("changed", changed);
        pick.put("rejected", rejectedOnStaging);
        m.put("pickup", pick);
        m.put("retried", retried);
        m.put("dependents", dependents);
        m.put("pending", pending);
        if (progress != null) {
            Map<String, Object> load = new LinkedHashMap<>(progress.counters());
            load.put("landed", progress.landed());
            load.put("rejected", progress.rejected());
            load.put("unavailable", progress.unavailable());
            m.put("load", load);
        }
        if (deletionPlan != null && deletionSummary != null) {
            m.put("deletions", deletionSummary.asCounters(deletionPlan, deletions.mode()));
        }
        if (newUpdatedSince != null) {
            m.put("watermark", newUpdatedSince);
        }
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }
}
