package org.profid365.migrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the ledger of runs: the latest runs of a migration, or one run, with their counters as stored (JSON). */
public final class RunHistory {

    /** One row of the ledger; {@code countersJson} is the run's counters as a JSON object. */
    public record Run(long id, String kind, String status, Instant startedAt, Instant finishedAt, String host, Long pid,
                      String detail, String countersJson, Instant heartbeatAt) {
    }

    private static final String COLUMNS =
            "select id, kind, status, started_at, finished_at, host, pid, detail, counters::text, heartbeat_at from run";

    private final DataSource ds;

    public RunHistory(DataSource ds) {
        this.ds = ds;
    }

    /** The latest {@code limit} runs, newest first, of one kind or (kind null) of every kind. */
    public List<Run> latest(long migrationId, String kind, int limit) throws SQLException {
        List<Run> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(COLUMNS
                + " where migration_id = ?" + (kind == null ? "" : " and kind = ?") + " order by id desc limit ?")) {
            int i = 1;
            ps.setLong(i++, migrationId);
            if (kind != null) {
                ps.setString(i++, kind);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    public Optional<Run> find(long migrationId, long runId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(COLUMNS + " where migration_id = ? and id = ?")) {
            ps.setLong(1, migrationId);
            ps.setLong(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Run row(ResultSet rs) throws SQLException {
        long pid = rs.getLong(7);
        Long pidOrNull = rs.wasNull() ? null : pid;
        return new Run(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)), rs.getString(6), pidOrNull, rs.getString(8), rs.getString(9),
                instant(rs.getTimestamp(10)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
