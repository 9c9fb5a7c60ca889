package org.profid365.migrator.mapping;

import java.util.ArrayList;
import java.util.List;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code coach-profile}: the coach profile's primary name {@code profi_name} = "<first_name> <last_name>"
 * (trimmed, single spaces), the email (trimmed, lower case) when both are empty; cut to the table's primary-name
 * length and flagged when longer. The {@code profi_userid} link comes from owner resolution, not from here.
 */
public final class CoachProfileRule implements Rule {

    public static final String NAME = "coach-profile";
    static final String COLUMN = "profi_name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        String name = RuleContext.fullName(record.get("first_name"), record.get("last_name"));
        if (name.isEmpty()) {
            String email = record.get("email");
            name = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
        }
        if (name.isEmpty()) {
            throw RuleContext.reject(record, "first_name", "has no first name, last name or email to name the coach");
        }
        List<String> flags = new ArrayList<>();
        name = RuleContext.limit(record, "first_name", COLUMN, name, ctx.primaryNameMaxLength("coach", m.table()),
                "truncate", flags);
        m.payload().put(COLUMN, name);
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }
}
