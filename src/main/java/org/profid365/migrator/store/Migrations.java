package org.profid365.migrator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** The migration row: one per source workspace and target environment, created on first use. */
public final class Migrations {

    /** A migration's id and the namespace its Dataverse record ids are derived from. */
    public record Migration(long id, String name, UUID namespace) {
    }

    private Migrations() {
    }

    public static Migration ensure(DataSource ds, String name) throws SQLException {
        return ensure(ds, name, null);
    }

    /**
     * The migration of this name, created with {@code namespace} (random when null) if it does not exist. A given
     * namespace that differs from the stored one is refused: the ids already written in Dynamics derive from it.
     */
    public static Migration ensure(DataSource ds, String name, UUID namespace) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ins = c.prepareStatement(
                    "insert into migration (name, namespace) values (?, ?) on conflict (name) do nothing")) {
                ins.setString(1, name);
                ins.setObject(2, namespace != null ? namespace : UUID.randomUUID());
                ins.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("select id, namespace from migration where name = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    UUID stored = rs.getObject(2, UUID.class);
                    if (namespace != null && !namespace.equals(stored)) {
                        throw new IllegalStateException("migration '" + name + "' has namespace " + stored + ", not the "
                                + "configured " + namespace + ": the record ids written so far derive from it");
                    }
                    return new Migration(rs.getLong(1), name, stored);
                }
            }
        }
    }
}
