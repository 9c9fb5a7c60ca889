package org.profid365.migrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * The write-ahead of creates: a batch whose outcome never came leaves its sent_create row, and the next run to start
 * reads its targets in id_map as {@code sent} (what resume and rollback settle), without downgrading a target an
 * earlier attempt confirmed; a settled batch leaves nothing behind.
 */
class SentCreatesTest {

    static final UUID NEW = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID CONFIRMED = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final UUID DELETED = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    static final UUID SETTLED = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    @Test
    void a_run_starts_by_turning_unsettled_write_ahead_into_sent_id_map_rows(@TempDir Path tmp) throws Exception {
        MigratorConfig config = MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                "migrator.db.user", "postgres", "migrator.work-dir", tmp.toString()));
        try (MigratorContext ctx = MigratorContext.open(config)) {
            long migration = ctx.migration().id();
            long crashed = ctx.ledger().start(migration, "full", "the run that dies");
            exec(ctx, "insert into id_map (migration_id, object_type, profi_id, target_table, target_id, state) values "
                    + "(?, 'client', 'CL-2', 'contact', '" + CONFIRMED + "', 'confirmed'), "
                    + "(?, 'client', 'CL-3', 'contact', '" + DELETED + "', 'deleted')", migration, migration);
            SentCreates.write(ctx.store().dataSource(), migration, crashed, List.of(
                    new SentCreates.Target("client", "CL-1", "contact", NEW),
                    new SentCreates.Target("client", "CL-2", "contact", CONFIRMED),
                    new SentCreates.Target("client", "CL-3", "contact", DELETED)));
            long settled = SentCreates.write(ctx.store().dataSource(), migration, crashed,
                    List.of(new SentCreates.Target("client", "CL-4", "contact", SETTLED)));
            try (Connection c = ctx.store().connection()) {
                c.setAutoCommit(false);
                SentCreates.settle(c, settled);
                c.commit();
            }
            assertThat(states(ctx, migration)).containsExactly(Map.entry(CONFIRMED, "confirmed"),
                    Map.entry(DELETED, "deleted"));

            ctx.ledger().start(migration, "rollback", "the next run");

            assertThat(states(ctx, migration)).containsExactly(Map.entry(NEW, "sent"), Map.entry(CONFIRMED, "confirmed"),
                    Map.entry(DELETED, "sent"));
            try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                    "select count(*) from sent_create where migration_id = ?")) {
                ps.setLong(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
            try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                    "select object_type, profi_id, run_id from id_map where migration_id = ? and target_id = ?")) {
                ps.setLong(1, migration);
                ps.setObject(2, NEW);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1) + " " + rs.getString(2) + " run " + rs.getLong(3))
                            .isEqualTo("client CL-1 run " + crashed);
                }
            }
        }
    }

    private static Map<UUID, String> states(MigratorContext ctx, long migration) throws Exception {
        Map<UUID, String> out = new TreeMap<>();
        try (Connection c = ctx.store().connection();
             PreparedStatement ps = c.prepareStatement("select target_id, state from id_map where migration_id = ?")) {
            ps.setLong(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static void exec(MigratorContext ctx, String sql, Object... params) throws Exception {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
