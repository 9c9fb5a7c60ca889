package org.profid365.migrator.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.profid365.migrator.store.IntendedWrites;

/**
 * What the migration last wrote to each of some Dynamics records, from the audit log: the create's columns with
 * every later update and state change laid over them (since the last delete or restore). An update then sends only the columns whose
 * value differs from this, so a column someone changed in Dynamics is left alone unless Profi changed it too.
 */
final class WrittenColumns {

    private WrittenColumns() {
    }

    /** The last written columns per record id; records with no audited create or update are absent. */
    static Map<UUID, ObjectNode> of(Connection c, long migrationId, String table, Collection<UUID> ids) throws SQLException {
        Map<UUID, ObjectNode> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select a.target_id, a.operation, a.columns::text from audit_log a
                where a.migration_id = ? and a.target_table = ? and a.target_id = any(?)
                  and a.operation in ('create', 'update', 'state', 'delete', 'restore')
                order by a.target_id, a.id
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, table);
            ps.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    switch (rs.getString(2)) {
                        case "create" -> out.put(id, parse(rs.getString(3)));
                        case "update", "state" -> out.computeIfAbsent(id, k -> IntendedWrites.JSON.createObjectNode())
                                .setAll(parse(rs.getString(3)));
                        default -> out.remove(id); // deleted or restored: what came before no longer tells
                    }
                }
            }
        }
        return out;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) IntendedWrites.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("audit_log holds columns that are not a JSON object", e);
        }
    }
}
