package org.profid365.migrator.delta;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;

/** What one delta did, as the {@code delta} command and the API's {@code delta} operation print it. */
public final class DeltaSummary {

    private DeltaSummary() {
    }

    /** Picked up, pending, loaded, what was written to Dynamics per operation, deletions and the new watermark. */
    public static void print(MigratorContext ctx, DeltaRun run, PrintStream out) throws Exception {
        long added = 0;
        long changed = 0;
        long rejected = 0;
        for (StagingResult r : run.staged()) {
            added += r.total(StagingResult.Counts::added);
            changed += r.total(StagingResult.Counts::changed);
            rejected += r.rejected();
        }
        out.printf("Delta run %d %s%n", run.runId(), run.status());
        out.printf("  picked up:  %s: %,d new, %,d changed, %,d rejected on staging%n", run.getPickup(), added, changed, rejected);
        out.printf("  pending:    %,d records (with what the inbox route and earlier runs staged)%n", run.pending());
        out.printf("  loaded:     %,d records landed, %,d went to the dead letters%n", run.landed(), run.rejected());
        Map<String, Long> writes = new LinkedHashMap<>();
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select operation, count(*) from audit_log where run_id = ? group by operation order by operation")) {
            ps.setLong(1, run.runId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    writes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        out.printf("  Dynamics:   %s%n", writes.isEmpty() ? "nothing written" : writes);
        if (run.deletionReport() != null) {
            out.printf("  deletions:  %s%n", run.deletionReport());
        }
        if (run.newUpdatedSince() != null) {
            out.printf("  watermark:  updated_since=%s%n", run.newUpdatedSince());
        }
    }

}
