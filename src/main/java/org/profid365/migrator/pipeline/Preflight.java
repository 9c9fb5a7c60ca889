package org.profid365.migrator.pipeline;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.OwnerResolution;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaPlan;
import org.profid365.migrator.schema.SchemaProvisioner;

/**
 * The checks every command that writes records runs first: the mapping in use is approved, every target column it
 * names exists with a compatible type (the schema is provisioned, within the edition's table limit), and every
 * owner resolves to an enabled user or the fallback. All failures are collected, so the user fixes them in one go;
 * while any remains, no record moves (exit code 3).
 */
public final class Preflight {

    /** The failures found; none means the run may write. */
    public record Result(List<String> failures) {
        public Result {
            failures = List.copyOf(failures);
        }

        public boolean ok() {
            return failures.isEmpty();
        }
    }

    private Preflight() {
    }

    public static Result check(MigratorContext ctx, DataverseConnection dv, MappingLoader.LoadedMapping mapping, Edition edition)
            throws SQLException {
        List<String> failures = new ArrayList<>();
        new MappingApprovals(ctx).unapprovedReason(mapping).ifPresent(failures::add);
        SchemaPlan plan = SchemaProvisioner.of(dv, mapping.mapping(), edition).dryRun();
        failures.addAll(plan.problems());
        if (!plan.isEmpty()) {
            failures.add("the target schema is not in place: " + plan.tablesToCreate().size() + " table(s), "
                    + plan.columnsToCreate().size() + " column(s), " + plan.lookupsToCreate().size() + " lookup(s) and "
                    + plan.keysToCreate().size() + " key(s) to create; run schema --apply");
        }
        failures.addAll(missingCurrencies(ctx, dv));
        OwnerResolution owners = new OwnerResolver(ctx, dv.reader()).resolve();
        if (!owners.preflightOk()) {
            failures.addAll(owners.reasons());
        }
        return new Result(failures);
    }

    /**
     * Every currency the staged records use must exist in the org (amounts bind transactioncurrencyid; Dynamics has
     * only the currencies its admins created): one failure per missing code, with how many records use it.
     */
    static List<String> missingCurrencies(MigratorContext ctx, DataverseConnection dv) throws SQLException {
        java.util.Set<String> inOrg = new java.util.HashSet<>();
        dv.reader().forEach(org.profid365.migrator.dataverse.ODataQuery.from("transactioncurrencies").select("isocurrencycode"),
                row -> inOrg.add(row.path("isocurrencycode").asText().toUpperCase(java.util.Locale.ROOT)));
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = ctx.store().connection(); java.sql.PreparedStatement ps = c.prepareStatement("""
                select upper(btrim(payload ->> 'currency')), count(*) from staged_with_state
                where migration_id = ? and load_state in ('pending', 'loaded') and coalesce(btrim(payload ->> 'currency'), '') <> ''
                group by 1 order by 1
                """)) {
            ps.setLong(1, ctx.migration().id());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!inOrg.contains(rs.getString(1))) {
                        out.add("currency " + rs.getString(1) + " is used by " + rs.getLong(2) + " staged record(s) but is "
                                + "not a currency of the Dynamics org: create it (Settings > Business Management > Currencies)");
                    }
                }
            }
        }
        return out;
    }
}
