package org.profid365.migrator.delta;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * How far the delta pickup has read each source (table {@code watermark}). A value only moves inside the transaction
 * that closes the ledger row of the run that consumed it, and only when that run succeeded: a crash or a failed run
 * leaves it where it was, and the next run reads the same changes again (staging is idempotent).
 */
public final class Watermarks {

    /** Name of the watermark of an API source (keyed by its base URL): the {@code updated_since} of the next pull. */
    public static final String UPDATED_SINCE = "updated_since";
    /** Source of the exports watermark: the newest staged export (or pull) whose changes and deletions were taken. */
    public static final String EXPORTS = "exports";
    public static final String LAST_EXPORT = "last-export";
    /** When {@code cutover --close} ended the cutover window; deltas stop until a later full run. */
    public static final String CUTOVER = "cutover";
    public static final String CLOSED = "closed";

    private Watermarks() {
    }

    public static Optional<String> get(Connection c, long migrationId, String source, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select value from watermark where migration_id = ? and source = ? and name = ?")) {
            ps.setLong(1, migrationId);
            ps.setString(2, source);
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Sets a watermark in the caller's transaction, naming the run that consumed what it marks. */
    public static void set(Connection c, long migrationId, String source, String name, String value, long runId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into watermark (migration_id, source, name, value, run_id) values (?, ?, ?, ?, ?)
                on conflict (migration_id, source, name) do update
                    set value = excluded.value, run_id = excluded.run_id, updated_at = now()
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, source);
            ps.setString(3, name);
            ps.setString(4, value);
            ps.setLong(5, runId);
            ps.executeUpdate();
        }
    }
}
