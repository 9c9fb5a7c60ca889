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
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/** The ledger of runs: each command that changes state opens a run and closes it with its outcome and counters. */
public final class RunLedger {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Who wants to hear of runs opened on this thread (the REST API, which answers as soon as its run exists). */
    private static final ThreadLocal<LongConsumer> STARTS = new ThreadLocal<>();
    private final DataSource ds;

    public RunLedger(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Opens a run. First the creates whose outcome an earlier attempt never recorded get their id_map rows
     * ({@link SentCreates#materialize}), so every run reads id_map with them in it.
     */
    public long start(long migrationId, String kind, String detail) throws SQLException {
        try (Connection c = ds.getConnection()) {
            SentCreates.materialize(c, migrationId);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into run (migration_id, kind, host, pid, detail, heartbeat_at) values (?, ?, ?, ?, ?, now()) returning id")) {
            ps.setLong(1, migrationId);
            ps.setString(2, kind);
            ps.setString(3, hostName());
            ps.setLong(4, ProcessHandle.current().pid());
            ps.setString(5, detail);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                RunHeartbeat.open(ds, id);
                LongConsumer listener = STARTS.get();
                if (listener != null) {
                    listener.accept(id);
                }
                return id;
            }
        }
    }

    /**
     * Runs {@code work} on this thread, telling {@code listener} the id of every run it opens as soon as the row
     * exists; whatever opens the run (a load, an inventory, a verification) needs to know nothing of the listener.
     */
    public static <T> T observingStarts(LongConsumer listener, Callable<T> work) throws Exception {
        LongConsumer before = STARTS.get();
        STARTS.set(listener);
        try {
            return work.call();
        } finally {
            if (before == null) {
                STARTS.remove();
            } else {
                STARTS.set(before);
            }
        }
    }

    /** Closes a run as failed with the error, unless whatever opened it already closed it. */
    public void failIfRunning(long runId, String error) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("update run set status = 'failed', finished_at = now(), "
                     + "counters = counters || jsonb_build_object('error', ?::text) where id = ? and status = 'running'")) {
            ps.setString(1, error);
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
        RunHeartbeat.closed(runId);
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
        RunHeartbeat.closed(runId);
    }

    /** A run still marked running: its id, kind, host and process, and whether its heartbeat stopped. */
    public record OpenRun(long id, String kind, String host, long pid, boolean silent) {

        /**
         * Whether its process is gone: on this host its process id tells (kill -9, power loss); on any host a run
         * whose heartbeat stopped for {@link RunHeartbeat#DEAD_AFTER} is dead (another instance's host died).
         */
        public boolean dead() {
            return silent || host.equals(hostName()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    /** The runs of a migration still marked running, oldest first. */
    public List<OpenRun> running(long migrationId) throws SQLException {
        List<OpenRun> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, kind, coalesce(host, ''), coalesce(pid, 0), heartbeat_at < now() - make_interval(secs => ?) "
                        + "from run where migration_id = ? and status = 'running' order by id")) {
            ps.setLong(1, RunHeartbeat.DEAD_AFTER.toSeconds());
            ps.setLong(2, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OpenRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    /**
     * Marks interrupted the runs left running by a process that no longer exists: of this host by its process id, of
     * any host by a heartbeat silent for {@link RunHeartbeat#DEAD_AFTER}; returns their ids.
     */
    public List<Long> markInterrupted(long migrationId) throws SQLException {
        List<Long> dead = running(migrationId).stream().filter(OpenRun::dead).map(OpenRun::id).toList();
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
