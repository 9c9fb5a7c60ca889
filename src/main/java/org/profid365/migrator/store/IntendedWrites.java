package org.profid365.migrator.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The write-ahead of changes to records that already exist in Dynamics (table {@code intended_write}): committed
 * before the request leaves, settled (deleted) in the transaction that writes the change's audit row. A row found
 * on a retry means an earlier attempt may have landed: its before-image is the true one.
 */
public final class IntendedWrites {

    /** Reads jsonb numbers as written (1500.50 stays 1500.50), as the mapper makes them. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * One intended change.
     *
     * @param operation   {@code update}, {@code state} or {@code delete}
     * @param columns     what is (to be) sent
     * @param beforeImage the values those columns had before the first attempt; null when unknown
     */
    public record Intent(String table, UUID id, String operation, ObjectNode columns, ObjectNode beforeImage) {
    }

    private IntendedWrites() {
    }

    /** Key of an intent within one table: {@code <id>/<operation>}. */
    public static String key(UUID id, String operation) {
        return id + "/" + operation;
    }

    /** The open intents of these records of one table, by {@link #key}. */
    public static Map<String, Intent> find(Connection c, long migrationId, String table, Collection<UUID> ids)
            throws SQLException {
        Map<String, Intent> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select target_id, operation, columns::text, before_image::text from intended_write
                where migration_id = ? and target_table = ? and target_id = any(?)
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, table);
            ps.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    out.put(key(id, rs.getString(2)), new Intent(table, id, rs.getString(2), object(rs.getString(3)),
                            rs.getString(4) == null ? null : object(rs.getString(4))));
                }
            }
        }
        return out;
    }

    /**
     * Records intents on a connection of their own, committed before the caller sends anything. An intent already
     * open for the same record and operation keeps its before-image (the values from before the first attempt) and
     * gains the new columns.
     */
    public static void put(DataSource ds, long migrationId, long runId, List<Intent> intents) throws SQLException {
        if (intents.isEmpty()) {
            return;
        }
        int n = intents.size();
        String[] tables = new String[n];
        UUID[] ids = new UUID[n];
        String[] ops = new String[n];
        String[] columns = new String[n];
        String[] before = new String[n];
        for (int i = 0; i < n; i++) {
            Intent t = intents.get(i);
            tables[i] = t.table();
            ids[i] = t.id();
            ops[i] = t.operation();
            columns[i] = t.columns().toString();
            before[i] = t.beforeImage() == null ? null : t.beforeImage().toString();
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into intended_write (migration_id, target_table, target_id, operation, columns, before_image, run_id)
                select ?, t.tbl, t.target, t.op, t.cols::jsonb, t.before::jsonb, ?
                from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[]) as t(tbl, target, op, cols, before)
                on conflict (migration_id, target_table, target_id, operation) do update set
                    columns = intended_write.columns || excluded.columns,
                    before_image = coalesce(excluded.before_image, '{}'::jsonb) || coalesce(intended_write.before_image, '{}'::jsonb),
                    run_id = excluded.run_id
                """)) {
            c.setAutoCommit(true);
            ps.setLong(1, migrationId);
            ps.setLong(2, runId);
            ps.setArray(3, c.createArrayOf("text", tables));
            ps.setArray(4, c.createArrayOf("uuid", ids));
            ps.setArray(5, c.createArrayOf("text", ops));
            ps.setArray(6, c.createArrayOf("text", columns));
            ps.setArray(7, c.createArrayOf("text", before));
            ps.executeUpdate();
        }
    }

    /** Settles the intents these audit rows replace, in the caller's (the outcome's) transaction. */
    public static void settle(Connection c, long migrationId, List<String> tables, List<UUID> ids, List<String> operations)
            throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                delete from intended_write w
                using unnest(?::text[], ?::uuid[], ?::text[]) as t(tbl, target, op)
                where w.migration_id = ? and w.target_table = t.tbl and w.target_id = t.target and w.operation = t.op
                """)) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(3, c.createArrayOf("text", operations.toArray()));
            ps.setLong(4, migrationId);
            ps.executeUpdate();
        }
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("intended_write holds JSON that is not an object", e);
        }
    }
}
