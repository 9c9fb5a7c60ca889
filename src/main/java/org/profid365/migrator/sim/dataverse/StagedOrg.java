package org.profid365.migrator.sim.dataverse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Makes a simulated org look like the one a staged Profi workspace would move into: a Dynamics user per coach
 * (disabled for coaches who left), the fallback owner, and the currencies the business bills in. The demo, the
 * tests and the benchmarks use it; a real org has these already.
 */
public final class StagedOrg {

    private StagedOrg() {
    }

    public static void seed(DataSource ds, long migrationId, DataverseSimulator sim, String fallbackOwner) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    select lower(btrim(payload ->> 'email')), coalesce(lower(payload ->> 'active'), 'true'),
                           coalesce(payload ->> 'first_name', '') || ' ' || coalesce(payload ->> 'last_name', '')
                    from staged_with_state where migration_id = ? and object_type = 'coach' and load_state <> 'rejected'
                    order by profi_id
                    """)) {
                ps.setLong(1, migrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sim.addSystemUser(rs.getString(1), rs.getString(3).trim(), rs.getString(2).equals("false"));
                    }
                }
            }
            if (fallbackOwner != null) {
                sim.addSystemUser(fallbackOwner, "Migration Owner", false);
            }
            // the simulator starts with USD and EUR only
            try (PreparedStatement ps = c.prepareStatement("""
                    select distinct upper(btrim(payload ->> 'currency')) from staged_with_state
                    where migration_id = ? and load_state <> 'rejected' and coalesce(btrim(payload ->> 'currency'), '') <> ''
                      and upper(btrim(payload ->> 'currency')) not in ('USD', 'EUR')
                    order by 1
                    """)) {
                ps.setLong(1, migrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sim.addCurrency(rs.getString(1), rs.getString(1), "1.0000000000");
                    }
                }
            }
        }
    }
}
