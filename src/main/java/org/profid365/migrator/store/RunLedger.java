package org.profid365.migrator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The ledger of runs: each command that changes state opens a run and closes it with its outcome and counters. */
public final class RunLedger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource ds;

    public RunLedger(DataSource ds) {
        this.ds = ds;
    }

    public long start(long migrationId, String kind, String detail) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into run (migration_id, kind, host, pid, detail) values (?, ?, ?, ?, ?) returning id")) {
            ps.setLong(1, migrationId);
            ps.setString(2, kind);
            ps.setString(3, hostName());
            ps.setLong(4, ProcessHandle.current().pid());
            ps.setString(5, detail);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void finish(long runId, String status, Map<String, ?> counters) throws SQLException {
        try (Connection c = ds.getConnection()) {
            finish(c, runId, status, counters);
        }
    }

    /** Closes the run inside the caller's transaction, so what the run consumed (a watermark) commits with it. */
    public static void finish(Connection c, long runId, String status, Map<String, ?> counters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update run set status = ?, finished_at = now(), counters = ?::jsonb where id = ?")) {
            ps.setString(1, status);
            ps.setString(2, toJson(counters));
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
    }

    /** A run still marked running: its id, kind, host and process. */
    public record OpenRun(long id, String kind, String host, long pid) {

        /** Whether its process is gone: only known for runs of this host (kill -9, power loss). */
        public boolean deadHere() {
            return host.equals(hostName()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    /** The runs of a migration still marked running, oldest first. */
    public List<OpenRun> running(long migrationId) throws SQLException {
        List<OpenRun> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, kind, coalesce(host, ''), coalesce(pid, 0) from run where migration_id = ? and status = 'running' order by id")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OpenRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /** Marks the runs left running by a process of this host that no longer exists interrupted; returns their ids. */
    public List<Long> markInterrupted(long migrationId) throws SQLException {
        List<Long> dead = running(migrationId).stream().filter(OpenRun::deadHere).map(OpenRun::id).toList();
        if (dead.isEmpty()) {
            return dead;
        }
        try (Connection c = ds.getConnection(); PreparedStatement up = c.prepareStatement(
                "update run set status = 'interrupted', finished_at = now() where id = any(?)")) {
            up.setArray(1, c.createArrayOf("bigint", dead.toArray()));
            up.executeUpdate();
        }
        return dead;
    }

    private static String toJson(Map<String, ?> counters) {
        try {
            return JSON.writeValueAsString(counters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("run counters are not serialisable", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
