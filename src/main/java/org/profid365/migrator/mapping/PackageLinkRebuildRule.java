package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * Rule {@code package-link-rebuild}, on a session's task: with an explicit {@code package_id}, the package's
 * {@code name} goes to the column of field {@code package.name} ({@code profi_packagename}) and
 * {@code profi_packagelinkinferred} is false; with an empty one and a package rebuilt for the session
 * ({@link RelatedRecords#inferredPackage}, from {@link PackageLinkRebuilder}), its id goes to the column of
 * {@code package_id} ({@code profi_packageid}), its name as above, and {@code profi_packagelinkinferred} is true
 * (flagged); with neither, none of the three is written. A package not in the export leaves the name empty (flagged).
 */
public final class PackageLinkRebuildRule implements Rule {

    public static final String NAME = "package-link-rebuild";
    static final String INFERRED = "profi_packagelinkinferred";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ProfiRecord record, List<RuleEngine.Write> writes, RuleContext ctx) throws RuleContext.Rejected {
        MappedRecord m = ((RuleEngine.Create) writes.get(0)).record();
        List<String> flags = new ArrayList<>();
        String explicit = record.get("package_id");
        String packageId;
        boolean inferred;
        if (explicit != null && !explicit.isBlank()) {
            packageId = explicit.strip();
            inferred = false;
        } else {
            Optional<String> rebuilt = record.profiId() == null ? Optional.empty()
                    : ctx.related().inferredPackage(record.profiId());
            if (rebuilt.isEmpty()) {
                return;
            }
            packageId = rebuilt.get();
            inferred = true;
            FieldMapping idField = ctx.field("session", m.table(), "package_id");
            String column = idField == null || idField.column() == null ? "profi_packageid" : idField.column();
            Integer max = idField == null ? null : idField.maxLength();
            m.payload().put(column, RuleContext.limit(record, "package_id", column, packageId, max,
                    idField == null ? null : idField.tooLong(), flags));
            flags.add("package link inferred: package " + packageId);
        }
        FieldMapping nameField = ctx.field("session", m.table(), "package.name");
        if (nameField != null) {
            Optional<ProfiRecord> pkg = ctx.related().get("package", packageId);
            if (pkg.isEmpty()) {
                flags.add("package " + packageId + " is not in the export: " + nameField.column() + " left empty");
            } else {
                JsonNode v = ctx.convert(record, "package.name", nameField, pkg.get().get("name"), flags);
                if (v != null) {
                    m.payload().set(nameField.column(), v);
                }
            }
        }
        m.payload().put(INFERRED, inferred);
        writes.set(0, new RuleEngine.Create(RuleContext.withFlags(m, flags)));
    }
}
