package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code enrollment-name}: the primary name {@code profi_name} = "<program name> – <client first last>"
 * (program from {@code program_id}, client from {@code client_id}), and {@code program.name} to the column its field
 * mapping names ({@code profi_programname}). A program or client not in the export (or without a name) is named by
 * its Profi id instead, flagged. Longer than the table's primary-name length: cut and flagged.
 */
public final class EnrollmentNameRule implements Rule {

    public static final String NAME = "enrollment-name";
    static final String COLUMN = "profi_name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        List<String> flags = new ArrayList<>();
        String programId = strip(record.get("program_id"));
        Optional<ProfiRecord> program = programId == null ? Optional.empty() : ctx.related().get("program", programId);
        String programName = program.map(p -> strip(p.get("name"))).orElse(null);
        if (programName == null) {
            programName = programId == null ? "?" : programId;
            flags.add("program " + programId + " has no name in the export: the enrollment is named by its id");
        }
        FieldMapping f = ctx.field("enrollment", m.table(), "program.name");
        if (f != null && program.isPresent()) {
            JsonNode v = ctx.convert(record, "program.name", f, program.get().get("name"), flags);
            if (v != null) {
                m.payload().set(f.column(), v);
            }
        }
        String clientId = strip(record.get("client_id"));
        Optional<ProfiRecord> client = clientId == null ? Optional.empty() : ctx.related().get("client", clientId);
        String clientName = client.map(c -> RuleContext.fullName(c.get("first_name"), c.get("last_name"))).orElse("");
        if (clientName.isEmpty()) {
            clientName = clientId == null ? "?" : clientId;
            flags.add("client " + clientId + " has no name in the export: the enrollment is named by its id");
        }
        String name = programName + " – " + clientName;
        m.payload().put(COLUMN, RuleContext.limit(record, "program_id", COLUMN, name,
                ctx.primaryNameMaxLength("enrollment", m.table()), "truncate", flags));
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
