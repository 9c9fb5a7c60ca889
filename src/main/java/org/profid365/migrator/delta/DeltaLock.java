package org.profid365.migrator.delta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One delta at a time per migration, across processes and hosts: a PostgreSQL advisory lock held by a connection for
 * the run's length. Quartz's {@code stateful} keeps one process's cron runs apart; this also keeps a {@code delta}
 * typed by hand out of a running cron delta. A process that dies loses its connection, and the lock with it.
 */
final class DeltaLock implements AutoCloseable {

    /** First half of the advisory lock key: "DLTA"; the second half is the migration id. */
    private static final int KEY = 0x444c5441;

    private final Connection connection;
    private final int migration;

    private DeltaLock(Connection connection, int migration) {
        this.connection = connection;
        this.migration = migration;
    }

    /** The lock, or null when another delta holds it. */
    static DeltaLock tryAcquire(DataSource ds, long migrationId) throws SQLException {
        Connection c = ds.getConnection();
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            c.setAutoCommit(true);
            ps.setInt(1, KEY);
            ps.setInt(2, (int) migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return new DeltaLock(c, (int) migrationId);
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return null;
    }

    @Override
    public void close() throws SQLException {
        try (connection; PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, KEY);
            ps.setInt(2, migration);
            ps.execute();
        }
    }
}
