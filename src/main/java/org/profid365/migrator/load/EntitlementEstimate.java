package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How many Dataverse requests a load of the pending records will consume against the daily entitlement, where
 * every bulk Target and every {@code $batch} part counts as one request [dataverse.md Bulk]: one create per record,
 * one task per group participant besides the session's own, one more request to close each closed task, the
 * invoice-only payment rows, and the block uploads of files over 4 MB (initialise, one block per 4 MB, commit).
 *
 * @param requests      the estimate
 * @param dailyAllowance the configured 24-hour allowance ({@code dataverse.entitlement.daily-requests})
 */
public record EntitlementEstimate(long requests, long dailyAllowance) {

    private static final long BLOCK = 4L * 1024 * 1024;

    public static EntitlementEstimate of(Connection c, long migrationId, long dailyAllowance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select
                  count(*) filter (where object_type in ('coach', 'company', 'client', 'enrollment', 'payment', 'session',
                                                         'note', 'file')),
                  count(*) filter (where object_type = 'session'
                                   and lower(btrim(payload ->> 'status')) in ('completed', 'cancelled', 'late_cancelled', 'no_show')),
                  coalesce(sum(case when object_type = 'file' and (payload ->> 'size_bytes') ~ '^[0-9]+$'
                                         and (payload ->> 'size_bytes')::bigint > ?
                                    then 2 + ((payload ->> 'size_bytes')::bigint + ? - 1) / ? else 0 end), 0)
                from staged_with_state where migration_id = ? and load_state = 'pending'
                """)) {
            ps.setLong(1, BLOCK);
            ps.setLong(2, BLOCK);
            ps.setLong(3, BLOCK);
            ps.setLong(4, migrationId);
            long records;
            long closes;
            long blocks;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                records = rs.getLong(1);
                closes = rs.getLong(2);
                blocks = rs.getLong(3);
            }
            long participants = count(c, migrationId, """
                    select count(*) from staged_with_state p
                    join staged_with_state s on s.migration_id = p.migration_id and s.object_type = 'session'
                         and s.profi_id = p.payload ->> 'session_id' and s.load_state = 'pending'
                    where p.migration_id = ? and p.object_type = 'session_participant'
                      and p.load_state not in ('rejected', 'deleted')
                      and btrim(p.payload ->> 'client_id') is distinct from btrim(s.payload ->> 'client_id')
                    """);
            long unpaidInvoices = count(c, migrationId, """
                    select count(*) from staged_with_state i
                    where i.migration_id = ? and i.object_type = 'invoice' and i.load_state = 'pending'
                      and not exists (select 1 from staged_record p where p.migration_id = i.migration_id
                                      and p.object_type = 'payment' and (p.payload ->> 'invoice_id') = i.profi_id)
                    """);
            return new EntitlementEstimate(records + participants * 2 + closes + unpaidInvoices + blocks, dailyAllowance);
        }
    }

    private static long count(Connection c, long migrationId, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The share of one day's allowance, in percent. */
    public double percentOfDay() {
        return dailyAllowance <= 0 ? 0 : 100.0 * requests / dailyAllowance;
    }

    public String text() {
        return String.format("about %,d Dataverse requests (every bulk record and $batch part counts), %.1f%% of the "
                + "daily allowance of %,d (dataverse.entitlement.daily-requests)%s", requests, percentOfDay(), dailyAllowance,
                requests > dailyAllowance ? ": more than one day's allowance, expect the load to span "
                        + ((requests + dailyAllowance - 1) / dailyAllowance) + " days" : "");
    }
}
