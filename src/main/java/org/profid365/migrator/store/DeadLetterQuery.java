package org.profid365.migrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the open dead letters of a migration, optionally of one stage and with a reason containing some text
 * (case-insensitive, the text taken literally: {@code %} and {@code _} match themselves).
 */
public final class DeadLetterQuery {

    /** One dead letter as listed and exported. */
    public record Row(long id, String stage, String objectType, String recordKey, String profiId, String sourceFile,
                      long sourceLine, String field, String reason, String payload, int attempts, String replayState,
                      Instant updatedAt) {
    }

    /** Dead letters per stage and object type. */
    public record Count(String stage, String objectType, long open) {
    }

    private final long migrationId;
    private final String stage;
    private final String reason;

    /**
     * @param stage  a stage name ({@code stage}, {@code reference}, {@code load-clients}; {@code clients} means
     *               {@code load-clients}), or null for all
     * @param reason text the reason contains, or null
     */
    public DeadLetterQuery(long migrationId, String stage, String reason) {
        this.migrationId = migrationId;
        this.stage = stage;
        this.reason = reason;
    }

    private String where() {
        return " where migration_id = ? and replay_state <> 'resolved'"
                + (stage == null ? "" : " and (stage = ? or stage = 'load-' || ?)")
                + (reason == null ? "" : " and reason ilike ? escape '\\'");
    }

    private int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        ps.setLong(i++, migrationId);
        if (stage != null) {
            ps.setString(i++, stage);
            ps.setString(i++, stage);
        }
        if (reason != null) {
            ps.setString(i++, "%" + reason.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return i;
    }

    public List<Count> counts(Connection c) throws SQLException {
        List<Count> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select stage, object_type, count(*) from dead_letter" + where()
                + " group by stage, object_type order by min(id)")) {
            bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Count(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /** Every matching dead letter in id order, streamed (an export may hold millions). */
    public void forEach(Connection c, int limit, Consumer<Row> rows) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // a fetch size only streams inside a transaction
        try (PreparedStatement ps = c.prepareStatement("""
                select id, stage, object_type, record_key, profi_id, source_file, source_line, field, reason, payload::text,
                       attempts, replay_state, updated_at from dead_letter""" + where() + " order by id"
                + (limit > 0 ? " limit ?" : ""))) {
            int i = bind(ps);
            if (limit > 0) {
                ps.setInt(i, limit);
            }
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.accept(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11),
                            rs.getString(12), rs.getTimestamp(13).toInstant()));
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(auto);
        }
    }

    /**
     * Marks the matching dead letters of load stages {@code replaying} and sets their staged records back to
     * pending, so the next load sends them again; returns how many. Staging dead letters are not replayable: their
     * source values are wrong, only a corrected export fixes them.
     */
    public int prepareReplay(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int n;
            try (PreparedStatement ps = c.prepareStatement("update dead_letter set replay_state = 'replaying', updated_at = now()"
                    + where() + " and stage like 'load-%'")) {
                bind(ps);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    update staged_load l set load_state = 'pending'
                    from dead_letter d, staged_record s
                    where d.migration_id = ? and d.replay_state = 'replaying' and d.stage like 'load-%'
                      and s.migration_id = d.migration_id and s.object_type = d.object_type and s.profi_id = d.profi_id
                      and l.staged_id = s.id and l.load_state = 'rejected'
                    """)) {
                ps.setLong(1, migrationId);
                ps.executeUpdate();
            }
            c.commit();
            return n;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Replaying letters whose record did not land again go back to open (their reason was updated by the run). */
    public static void reopenUnresolved(Connection c, long migrationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update dead_letter set replay_state = 'open' where migration_id = ? and replay_state = 'replaying'")) {
            ps.setLong(1, migrationId);
            ps.executeUpdate();
        }
    }
}
