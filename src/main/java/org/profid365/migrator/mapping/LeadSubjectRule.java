package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code lead-subject}, for clients that became leads (contacts are left alone): {@code subject} =
 * "<first_name> <last_name> (Profi)" (the email instead of the name when both are empty), and {@code companyname}
 * from {@code company.name} of the client's company, converted as the lead's {@code company.name} field says.
 * A company id not in the export leaves {@code companyname} empty and is flagged.
 */
public final class LeadSubjectRule implements Rule {

    public static final String NAME = "lead-subject";
    static final int SUBJECT_MAX = 300;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        if (!"lead".equals(m.table())) {
            return;
        }
        List<String> flags = new ArrayList<>();
        String name = RuleContext.fullName(record.get("first_name"), record.get("last_name"));
        if (name.isEmpty() && record.get("email") != null) {
            name = record.get("email").strip();
        }
        String subject = (name.isEmpty() ? "" : name + " ") + "(Profi)";
        m.payload().put("subject", RuleContext.limit(record, "first_name", "subject", subject, SUBJECT_MAX, "truncate", flags));
        String companyId = record.get("company_id");
        FieldMapping f = ctx.field("client", "lead", "company.name");
        if (companyId != null && !companyId.isBlank() && f != null) {
            Optional<ProfiRecord> company = ctx.related().get("company", companyId.strip());
            if (company.isEmpty()) {
                flags.add("company " + companyId.strip() + " is not in the export: companyname left empty");
            } else {
                JsonNode v = ctx.convert(record, "company.name", f, company.get().get("name"), flags);
                if (v != null) {
                    m.payload().set(f.column(), v);
                }
            }
        }
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }
}
