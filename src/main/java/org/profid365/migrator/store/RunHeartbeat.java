package org.profid365.migrator.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code run.heartbeat_at} of this process's open runs fresh, so another instance (on another host, where the
 * process id means nothing) can tell a run whose process died from one still working: a run silent for
 * {@link #DEAD_AFTER} is taken as dead.
 */
final class RunHeartbeat {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Six missed beats: longer than any pause a live JVM takes, short enough for a second instance to move on. */
    static final Duration DEAD_AFTER = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);
    private static final Map<Long, DataSource> OPEN = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-heartbeat");
        t.setDaemon(true);
        return t;
    });

    static {
        BEATS.scheduleWithFixedDelay(RunHeartbeat::beat, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RunHeartbeat() {
    }

    static void open(DataSource ds, long runId) {
        OPEN.put(runId, ds);
    }

    static void closed(long runId) {
        OPEN.remove(runId);
    }

    private static void beat() {
        OPEN.forEach((runId, ds) -> {
            if (ds instanceof HikariDataSource pool && pool.isClosed()) {
                OPEN.remove(runId); // the state store was closed with its context: nothing left to beat for
                return;
            }
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "update run set heartbeat_at = now() where id = ? and status = 'running'")) {
                ps.setLong(1, runId);
                if (ps.executeUpdate() == 0) {
                    OPEN.remove(runId); // closed by another path (a crash handler, another instance)
                }
            } catch (SQLException | RuntimeException e) {
                // the state store is unreachable for now: the next beat tries again
                LOG.debug("Heartbeat of run {} failed: {}", runId, e.toString());
            }
        });
    }
}
