package org.profid365.migrator.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The schema components {@code schema --apply} created for one migration (table {@code schema_change}), recorded before
 * each create request leaves, so {@code rollback --schema} removes exactly those, also after a crash mid-provisioning.
 */
public class SchemaChanges {

    /** What was created; removal goes in this order (a key before its columns, lookups before the tables they join). */
    public enum Kind {
        KEY, LOOKUP, COLUMN, TABLE, SOLUTION, PUBLISHER;

        String db() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One recorded component; {@code lookupColumn} only for a lookup. */
    public record Change(long id, Kind kind, String table, String name, String lookupColumn) {
        public String describe() {
            return switch (kind) {
                case TABLE -> "table " + name;
                case COLUMN -> "column " + table + "." + name;
                case LOOKUP -> "lookup " + table + "." + lookupColumn + " (relationship " + name + ")";
                case KEY -> "alternate key " + table + "." + name;
                case SOLUTION -> "solution " + name;
                case PUBLISHER -> "publisher " + name;
            };
        }
    }

    /** Records nothing: for an org set-up whose schema stands for one that existed before the migration. */
    public static final SchemaChanges NONE = new SchemaChanges(null, 0) {
        @Override
        public void intend(Kind kind, String table, String name, String lookupColumn) {
        }

        @Override
        public void forget(Kind kind, String table, String name) {
        }
    };

    private final DataSource db;
    private final long migrationId;

    public SchemaChanges(DataSource db, long migrationId) {
        this.db = db;
        this.migrationId = migrationId;
    }

    /**
     * Records a component about to be created, committed before the request leaves. Recorded already and not removed
     * (an apply that crashed after this point) is fine: the row stays as it was. Removed by an earlier rollback, it
     * gets a new row: created again, it is the migration's again.
     */
    public void intend(Kind kind, String table, String name, String lookupColumn) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into schema_change (migration_id, kind, table_name, name, "
                     + "lookup_column) values (?, ?, ?, ?, ?) on conflict (migration_id, kind, table_name, name) "
                     + "where removed_at is null do nothing")) {
            ps.setLong(1, migrationId);
            ps.setString(2, kind.db());
            ps.setString(3, table == null ? "" : table);
            ps.setString(4, name);
            ps.setString(5, lookupColumn);
            ps.executeUpdate();
        }
    }

    /** Drops the record of a component that turned out to exist already (someone created it since the plan). */
    public void forget(Kind kind, String table, String name) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from schema_change where migration_id = ? and kind = ? "
                     + "and table_name = ? and name = ? and removed_at is null")) {
            ps.setLong(1, migrationId);
            ps.setString(2, kind.db());
            ps.setString(3, table == null ? "" : table);
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    /** The components not removed yet, in removal order. */
    public List<Change> remaining() throws SQLException {
        List<Change> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select id, kind, table_name, name, lookup_column from schema_change "
                     + "where migration_id = ? and removed_at is null order by case kind when 'key' then 1 "
                     + "when 'lookup' then 2 when 'column' then 3 when 'table' then 4 when 'solution' then 5 else 6 end, "
                     + "id desc")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(rs.getLong(1), Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Marks a component removed by a rollback run; one removed from a table that stays waits to be published. */
    public void markRemoved(Change change, long runId, boolean publishPending) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("update schema_change set removed_at = now(), removed_by_run = ?, "
                     + "publish_pending = ? where id = ? and migration_id = ?")) {
            ps.setLong(1, runId);
            ps.setBoolean(2, publishPending);
            ps.setLong(3, change.id());
            ps.setLong(4, migrationId);
            ps.executeUpdate();
        }
    }

    /** Tables that lost a component and have not been published since (a crash between the removal and the publish). */
    public List<String> tablesToPublish() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("select distinct table_name from schema_change where migration_id = ? "
                     + "and publish_pending order by table_name")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public void published(List<String> tables) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("update schema_change set publish_pending = false where migration_id = ? "
                     + "and table_name = any (?)")) {
            ps.setLong(1, migrationId);
            ps.setArray(2, c.createArrayOf("text", tables.toArray()));
            ps.executeUpdate();
        }
    }
}
