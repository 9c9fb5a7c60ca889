package org.profid365.migrator.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What changed during a cutover window: every run in it (deltas above all) with what it picked up and wrote, and the
 * Dynamics records created, updated, changed in state and deleted, per table, from the audit log; records deleted in
 * Profi that were only reported or deactivated come from the deltas' counters.
 */
public final class CutoverReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One run of the window. */
    public record RunLine(long id, String kind, String status, Instant started, Instant finished, String summary) {
    }

    /** Writes to one table during the window. */
    public record TableWrites(String table, long created, long updated, long stateChanges, long deleted) {
    }

    private final Instant since;
    private final List<RunLine> runs;
    private final List<TableWrites> tables;
    private final Map<String, Long> deletions;

    private CutoverReport(Instant since, List<RunLine> runs, List<TableWrites> tables, Map<String, Long> deletions) {
        this.since = since;
        this.runs = runs;
        this.tables = tables;
        this.deletions = deletions;
    }

    public List<RunLine> runs() {
        return runs;
    }

    public List<TableWrites> tables() {
        return tables;
    }

    /** Records deleted in Profi during the window, by what was done ({@code deactivated}, {@code reported}, ...). */
    public Map<String, Long> deletions() {
        return deletions;
    }

    /** When the last full run that succeeded ended: where a cutover window starts by default. */
    public static Optional<Instant> endOfLastFullRun(Connection c, long migrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select max(finished_at) from run where migration_id = ? and kind = 'full' and status = 'succeeded'
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? Optional.empty() : Optional.of(t.toInstant());
            }
        }
    }

    /** Ends the cutover window: deltas stop (until a later full run), in the caller's transaction. */
    public static void close(Connection c, long migrationId, long lastDeltaRun) throws SQLException {
        Watermarks.set(c, migrationId, Watermarks.CUTOVER, Watermarks.CLOSED, Instant.now().toString(), lastDeltaRun);
    }

    public static CutoverReport of(Connection c, long migrationId, Instant since) throws SQLException {
        List<RunLine> runs = new ArrayList<>();
        Map<String, Long> deletions = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select id, kind, status, started_at, finished_at, counters::text from run
                where migration_id = ? and started_at >= ? order by id
                """)) {
            ps.setLong(1, migrationId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode counters = parse(rs.getString(6));
                    runs.add(new RunLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                            summary(rs.getString(2), counters)));
                    if ("delta".equals(rs.getString(2)) && "succeeded".equals(rs.getString(3))) {
                        counters.path("deletions").fields().forEachRemaining(e -> {
                            if (e.getValue().isIntegralNumber() && !e.getKey().equals("export") && !e.getKey().equals("records")) {
                                deletions.merge(e.getKey(), e.getValue().asLong(), Long::sum);
                            }
                        });
                    }
                }
            }
        }
        List<TableWrites> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select a.target_table,
                       count(distinct a.target_id) filter (where a.operation = 'create'),
                       count(distinct a.target_id) filter (where a.operation = 'update'),
                       count(distinct a.target_id) filter (where a.operation = 'state'),
                       count(distinct a.target_id) filter (where a.operation = 'delete')
                from audit_log a join run r on r.id = a.run_id
                where a.migration_id = ? and r.started_at >= ?
                group by a.target_table order by a.target_table
                """)) {
            ps.setLong(1, migrationId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableWrites(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return new CutoverReport(since, runs, tables, deletions);
    }

    public void print(PrintStream out) {
        out.println("Cutover window since " + since + ":");
        if (runs.isEmpty()) {
            out.println("  no runs");
        }
        for (RunLine r : runs) {
            out.printf("  run %d %-7s %-11s %s .. %s  %s%n", r.id(), r.kind(), r.status(), r.started(),
                    r.finished() == null ? "(not finished)" : r.finished(), r.summary());
        }
        out.println("Records written to Dynamics in the window:");
        out.printf("  %-28s %10s %10s %10s %10s%n", "table", "created", "updated", "state", "deleted");
        long[] total = new long[4];
        for (TableWrites t : tables) {
            out.printf("  %-28s %,10d %,10d %,10d %,10d%n", t.table(), t.created(), t.updated(), t.stateChanges(), t.deleted());
            total[0] += t.created();
            total[1] += t.updated();
            total[2] += t.stateChanges();
            total[3] += t.deleted();
        }
        out.printf("  %-28s %,10d %,10d %,10d %,10d%n", "total", total[0], total[1], total[2], total[3]);
        out.println("Records deleted in Profi in the window: " + (deletions.isEmpty() ? "none seen" : deletions)
                + " (only a complete export shows deletions)");
    }

    private static String summary(String kind, JsonNode c) {
        if (!"delta".equals(kind)) {
            return c.has("error") ? "error: " + c.path("error").asText() : "";
        }
        StringBuilder sb = new StringBuilder();
        JsonNode p = c.path("pickup");
        sb.append(p.path("kind").asText("?")).append(": +").append(p.path("added").asLong()).append(" added, ~")
                .append(p.path("changed").asLong()).append(" changed");
        JsonNode load = c.path("load");
        if (!load.isMissingNode()) {
            sb.append("; loaded ").append(load.path("landed").asLong()).append(", dead letters ")
                    .append(load.path("rejected").asLong());
        }
        JsonNode del = c.path("deletions");
        if (!del.isMissingNode()) {
            sb.append("; deleted in Profi ").append(del.path("records").asLong()).append(" (")
                    .append(del.path("mode").asText()).append(")");
        }
        if (c.has("error")) {
            sb.append("; error: ").append(c.path("error").asText());
        }
        return sb.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
