package org.profid365.migrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * The ledger tells a run whose process died from one still working, also across hosts: a run on another host is
 * dead once its heartbeat has been silent for a minute, and a run of this process keeps its heartbeat fresh.
 */
class RunLedgerTest {

    @Test
    void runs_of_other_hosts_are_interrupted_once_their_heartbeat_is_silent_and_live_ones_are_left(@TempDir Path tmp)
            throws Exception {
        MigratorConfig config = MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                "migrator.db.user", "postgres", "migrator.work-dir", tmp.toString()));
        try (MigratorContext ctx = MigratorContext.open(config)) {
            RunLedger ledger = ctx.ledger();
            long migration = ctx.migration().id();
            long silent = otherHostRun(ctx, migration, Instant.now().minus(Duration.ofMinutes(2)));
            long beating = otherHostRun(ctx, migration, Instant.now().minus(Duration.ofSeconds(5)));
            long legacy = otherHostRun(ctx, migration, null); // written before heartbeats: only its host can tell
            long mine = ledger.start(migration, "full", "this process");

            assertThat(ledger.markInterrupted(migration)).containsExactly(silent);

            assertThat(status(ctx, silent)).isEqualTo("interrupted");
            assertThat(status(ctx, beating)).isEqualTo("running");
            assertThat(status(ctx, legacy)).isEqualTo("running");
            assertThat(status(ctx, mine)).isEqualTo("running");
            // this process's run beats: its heartbeat moves past the moment it started
            Instant started = heartbeat(ctx, mine);
            Instant deadline = Instant.now().plus(RunHeartbeat.INTERVAL.multipliedBy(6));
            while (!heartbeat(ctx, mine).isAfter(started) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(heartbeat(ctx, mine)).as("heartbeat of a live run after %s", RunHeartbeat.INTERVAL).isAfter(started);
            ledger.finish(mine, "succeeded", Map.of());
            assertThat(ledger.running(migration)).extracting(RunLedger.OpenRun::id).containsExactly(beating, legacy);
        }
    }

    private static long otherHostRun(MigratorContext ctx, long migration, Instant heartbeat) throws Exception {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement("insert into run "
                + "(migration_id, kind, host, pid, detail, heartbeat_at) values (?, 'full', 'other-host.example', 4242, "
                + "'another instance', ?) returning id")) {
            ps.setLong(1, migration);
            ps.setTimestamp(2, heartbeat == null ? null : Timestamp.from(heartbeat));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String status(MigratorContext ctx, long run) throws Exception {
        return column(ctx, "select status from run where id = " + run);
    }

    private static Instant heartbeat(MigratorContext ctx, long run) throws Exception {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select heartbeat_at from run where id = ?")) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static String column(MigratorContext ctx, String sql) throws Exception {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
