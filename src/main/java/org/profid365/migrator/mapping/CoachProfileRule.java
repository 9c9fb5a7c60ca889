package org.profid365.migrator.mapping;

import java.util.ArrayList;
import java.util.List;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code coach-profile}: the coach profile's primary name {@code profi_name} = "<first_name> <last_name>"
 * (trimmed, single spaces), the email (trimmed, lower case) when both are empty; cut to the table's primary-name
 * length and flagged when longer. The profile links to the coach's own enabled Dynamics user ({@code profi_userid})
 * when owner resolution matched one; a coach without one is flagged, never linked to the fallback owner.
 */
public final class CoachProfileRule implements Rule {

    public static final String NAME = "coach-profile";
    static final String COLUMN = "profi_name";
    /** The lookup schema provisioning creates from the mapping's {@code columns: profi_userid} entry. */
    static final String USER_LOOKUP = "profi_userid";

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
        String email = record.get("email") == null ? "" : record.get("email").strip();
        java.util.Optional<java.util.UUID> user = email.isEmpty() ? java.util.Optional.empty() : ctx.related().enabledUser(email);
        if (user.isPresent()) {
            m.payload().put(USER_LOOKUP + "@odata.bind", "/systemusers(" + user.get() + ")");
        } else {
            flags.add("coach " + (email.isEmpty() ? record.profiId() : email) + " has no enabled Dynamics user: profile not linked");
        }
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }
}
