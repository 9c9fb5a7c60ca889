package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.profid365.migrator.mapping.ObjectMapping;

/**
 * Where each client goes, contact or lead, by the mapping's split (sessions, group participation included). A client
 * already written keeps the table it was written to: a lead who later books a session is not written again as a
 * contact (that would be a second person in Dynamics); converting leads is the sales team's business.
 */
final class ClientTables {

    private final Map<String, String> written;
    private final Map<String, Integer> sessionCounts;
    private final ObjectMapping.Split split;
    private final String only;

    private ClientTables(Map<String, String> written, Map<String, Integer> sessionCounts, ObjectMapping.Split split,
                         String only) {
        this.written = written;
        this.sessionCounts = sessionCounts;
        this.split = split;
        this.only = only;
    }

    static ClientTables read(Connection c, long migrationId, ObjectMapping clientMapping, StagedRecords staged)
            throws SQLException {
        Map<String, String> written = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select profi_id, target_table from id_map
                where migration_id = ? and object_type = 'client' and state in ('sent', 'confirmed')
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    written.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        ObjectMapping.Split split = clientMapping == null ? null : clientMapping.split();
        String only = clientMapping == null || clientMapping.targets().isEmpty() ? "contact"
                : clientMapping.targets().keySet().iterator().next();
        Map<String, Integer> counts = split != null && "sessions".equals(split.by()) ? staged.sessionCounts(c) : Map.of();
        return new ClientTables(written, counts, split, only);
    }

    /** The table of this client: where it was written, else where the split sends it. */
    String tableOf(String clientId) {
        if (clientId == null) {
            return null;
        }
        String id = clientId.strip();
        String w = written.get(id);
        if (w != null) {
            return w;
        }
        if (split == null || !"sessions".equals(split.by())) {
            return only;
        }
        return sessionCounts.getOrDefault(id, 0) >= split.threshold() ? split.atLeast() : split.below();
    }

    /** How many sessions the split counted for this client. */
    int sessions(String clientId) {
        return clientId == null ? 0 : sessionCounts.getOrDefault(clientId.strip(), 0);
    }
}
