package org.profid365.migrator.mapping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.profid365.migrator.mapping.FieldMapping.NewColumn;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.report.Inventory;
import org.profid365.migrator.report.InventoryBuilder;

/**
 * Proposes the mapping file from the default object map and the staged data: every custom field becomes a
 * type-matched custom column on each table its object maps to (object map row 9), and every value map lists each
 * distinct value seen in the data, with the option its label suggests ({@link ValueMapProposal}) or none (null) for
 * the reviewer to decide, each with a comment saying why.
 */
public final class MappingProposer {

    private static final int MAX_VALUES = 200;
    private final MigratorContext ctx;
    private final TargetMetadata target;

    /** A proposal from the data alone: every custom field gets a new custom column. */
    public MappingProposer(MigratorContext ctx) {
        this(ctx, null);
    }

    /** A proposal that also reuses columns the target org already has (null: the data alone). */
    public MappingProposer(MigratorContext ctx, TargetMetadata target) {
        this.ctx = ctx;
        this.target = target;
    }

    /** The proposed mapping (its comments: {@link #proposal()}). */
    public MappingFile propose() throws SQLException {
        return proposal().mapping();
    }

    /** The proposed mapping with the comments that explain its value maps to a reviewer. */
    public MappingProposal proposal() throws SQLException {
        MappingFile m = MappingLoader.defaultMapping();
        String prefix = ctx.config().get("dataverse.publisher.prefix", m.publisherPrefix()).toLowerCase(Locale.ROOT);
        Map<List<String>, List<String>> comments = new LinkedHashMap<>();
        Inventory inventory = new InventoryBuilder(ctx).build();
        for (Inventory.CustomFieldProfile cf : inventory.customFields()) {
            ObjectMapping om = m.objects().get(cf.objectType());
            if (om == null || cf.recordsWithValue() == 0 && !cf.declared()) {
                continue;
            }
            for (Map.Entry<String, ObjectMapping.TargetMapping> t : om.targets().entrySet()) {
                List<String> at = List.of("objects", cf.objectType(), "targets", t.getKey(), "fields", cf.column());
                FieldMapping f = existingColumn(cf, prefix, t.getKey(), t.getValue(), at, comments);
                t.getValue().fields().put(cf.column(), f != null ? f : customField(cf, prefix, t.getValue()));
            }
        }
        try (Connection c = ctx.store().connection()) {
            for (Map.Entry<String, ObjectMapping> o : m.objects().entrySet()) {
                for (Map.Entry<String, ObjectMapping.TargetMapping> t : o.getValue().targets().entrySet()) {
                    for (Map.Entry<String, FieldMapping> f : t.getValue().fields().entrySet()) {
                        if (f.getValue().values() != null && !f.getKey().contains(".") && !f.getKey().startsWith("cf_")) {
                            FieldMapping field = f.getValue();
                            ValueMapProposal p = ValueMapProposal.of(field, seenValues(c, o.getKey(), f.getKey()),
                                    ChoiceLabels.of(target, t.getKey(), field.column(), field.create()));
                            f.setValue(p.field());
                            note(comments, List.of("objects", o.getKey(), "targets", t.getKey(), "fields", f.getKey()), p);
                        }
                    }
                }
            }
        }
        return new MappingProposal(new MappingFile(m.version(), prefix, m.options(), m.objects(), m.skipObjects()), comments);
    }

    /** The comments of a value map, each above its value ({@code <field path>.values.<value>}). */
    private static void note(Map<List<String>, List<String>> comments, List<String> field, ValueMapProposal p) {
        p.comments().forEach((value, comment) -> {
            List<String> at = new ArrayList<>(field);
            at.add("values");
            at.add(value);
            comments.computeIfAbsent(List.copyOf(at), k -> new ArrayList<>()).add(comment);
        });
    }

    /** The field written to a column the org already has, or null when none fits (or the org is not known). */
    private FieldMapping existingColumn(Inventory.CustomFieldProfile cf, String prefix, String table,
                                        ObjectMapping.TargetMapping mapping, List<String> at,
                                        Map<List<String>, List<String>> comments) {
        if (target == null) {
            return null;
        }
        String key = cf.column().substring(3);
        String type = cf.declared() ? cf.declaredType() : cf.inferredType();
        if ("number".equals(type) && "decimal".equals(cf.inferredType())) {
            type = "decimal";
        }
        Set<String> written = new LinkedHashSet<>();
        mapping.fields().values().forEach(f -> {
            if (f.column() != null) {
                written.add(f.column());
            }
            if (f.also() != null) {
                written.addAll(f.also());
            }
        });
        String finalType = type;
        return ExistingColumnMatcher.find(prefix, key, cf.label(), type, target.columns(table), written)
                .map(m -> reuse(cf, table, m, finalType, at, comments)).orElse(null);
    }

    private FieldMapping reuse(Inventory.CustomFieldProfile cf, String table, ExistingColumnMatcher.Match m, String type,
                               List<String> at, Map<List<String>, List<String>> comments) {
        List<String> transform = switch (type) {
            case "number" -> List.of("integer");
            case "decimal" -> List.of("decimal");
            case "date" -> List.of("date");
            case "datetime" -> List.of("datetime");
            case "boolean" -> List.of("boolean");
            case "url" -> List.of("trim", "url");
            case "phone" -> List.of("phone");
            case "multi_select" -> List.of("trim", "list");
            default -> List.of("trim");
        };
        boolean choice = type.endsWith("select");
        FieldMapping f = new FieldMapping(m.column().logicalName(), transform, null, null, null, choice ? Map.of() : null,
                choice ? "reject" : null, null, null, null, null, null, m.confidence(), m.reason(), null);
        if (!choice) {
            return f;
        }
        // the org's options, matched to the Profi values by label; the rest waits for a decision
        Set<String> seen = new LinkedHashSet<>(cf.options());
        seen.addAll(cf.valuesOutsideOptions());
        ValueMapProposal p = ValueMapProposal.of(f, seen, target.choiceOptions(table, m.column().logicalName()));
        note(comments, at, p);
        return p.field();
    }

    /** A custom column for a custom field, typed from its definition and what its values look like. */
    private FieldMapping customField(Inventory.CustomFieldProfile cf, String prefix, ObjectMapping.TargetMapping target) {
        String column = columnName(prefix, cf.column().substring(3), target);
        String label = cf.label() != null ? cf.label() : cf.column().substring(3);
        String declared = cf.declared() ? cf.declaredType() : cf.inferredType();
        String inferred = cf.inferredType();
        boolean agrees = cf.declared() && (declared.equals(inferred) || inferred == null);
        String confidence = agrees ? "high" : "medium";
        String reason = cf.declared()
                ? "custom field '" + label + "' declared " + declared + (agrees ? "" : ", values look like " + inferred)
                : "undeclared column; values look like " + inferred;
        return switch (declared) {
            case "long_text" -> field(column, List.of("trim"), null, simple("Memo", label, 100_000, null, null),
                    confidence, reason);
            case "number" -> "decimal".equals(inferred)
                    ? field(column, List.of("decimal"), null, simple("Decimal", label, null, null, 4), "medium",
                            reason + " (fractions occur, so Decimal)")
                    : field(column, List.of("integer"), null, simple("Integer", label, null, null, null), confidence,
                            reason);
            case "decimal" -> field(column, List.of("decimal"), null, simple("Decimal", label, null, null, 4),
                    confidence, reason);
            case "date" -> field(column, List.of("date"), null, simple("DateOnly", label, null, null, null),
                    confidence, reason);
            case "datetime" -> field(column, List.of("datetime"), null, simple("DateTime", label, null, null, null),
                    confidence, reason);
            case "boolean" -> field(column, List.of("boolean"), null, simple("Boolean", label, null, null, null),
                    confidence, reason);
            case "single_select", "multi_select" -> choice(cf, column, label, declared.equals("multi_select"), confidence, reason);
            case "url" -> field(column, List.of("trim", "url"), 200, simple("String", label, 200, "Url", null),
                    confidence, reason);
            case "email" -> field(column, List.of("trim"), 100, simple("String", label, 100, "Email", null),
                    confidence, reason);
            case "phone" -> field(column, List.of("phone"), 50, simple("String", label, 50, "Phone", null),
                    confidence, reason);
            default -> cf.maxLength() > 4000
                    ? field(column, List.of("trim"), null, simple("Memo", label, 100_000, null, null),
                            confidence, reason + " (longer than 4000, so multiline)")
                    : field(column, List.of("trim"), textLength(cf.maxLength()),
                            new NewColumn("String", label, textLength(cf.maxLength()), "Text", null, null, null, null),
                            confidence, reason);
        };
    }

    private static NewColumn simple(String type, String label, Integer maxLength, String format, Integer precision) {
        return new NewColumn(type, label, maxLength, format, precision, null, null, null);
    }

    /** Room for values a little longer than the longest seen, in steps a person would pick. */
    private static int textLength(int longestSeen) {
        for (int n : new int[] {100, 200, 500, 1000, 2000, 4000}) {
            if (longestSeen * 3 / 2 <= n) {
                return n;
            }
        }
        return 4000;
    }

    private FieldMapping choice(Inventory.CustomFieldProfile cf, String column, String label, boolean multi, String confidence,
                                String reason) {
        Set<String> options = new LinkedHashSet<>(cf.options());
        options.addAll(cf.valuesOutsideOptions());
        int base = ctx.config().getInt("dataverse.publisher.option-value-prefix", 72_700) * 10_000;
        Map<String, Integer> values = new LinkedHashMap<>();
        Map<Integer, String> created = new LinkedHashMap<>();
        int n = 0;
        for (String o : options) {
            values.put(o, base + n);
            created.put(base + n, o);
            n++;
        }
        if (!cf.valuesOutsideOptions().isEmpty()) {
            reason += "; values outside the definition's options were added: " + cf.valuesOutsideOptions();
            confidence = "medium";
        }
        return new FieldMapping(column, multi ? List.of("trim", "list") : List.of("trim"), null, null, null, values, "reject",
                null, null, null, null, new NewColumn(multi ? "MultiSelectPicklist" : "Picklist", label, null, null, null, created,
                null, null), confidence, reason, null);
    }

    private static FieldMapping field(String column, List<String> transform, Integer maxLength, NewColumn create,
                                      String confidence, String reason) {
        return new FieldMapping(column, transform, null, maxLength, maxLength == null ? null : "reject", null, null, null, null,
                null, null, create, confidence, reason, null);
    }

    /** {@code profi_<key>}, made unique among the columns the target already writes. */
    private static String columnName(String prefix, String key, ObjectMapping.TargetMapping target) {
        String base = prefix + "_" + key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        Set<String> taken = new LinkedHashSet<>();
        target.fields().values().forEach(f -> {
            if (f.column() != null) {
                taken.add(f.column());
            }
        });
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        return name;
    }

    private List<String> seenValues(Connection c, String objectType, String field) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select btrim(payload ->> ?) v, count(*) from staged_with_state
                where migration_id = ? and object_type = ? and load_state <> 'rejected' and coalesce(btrim(payload ->> ?), '') <> ''
                group by 1 order by 2 desc, 1 limit ?
                """)) {
            ps.setString(1, field);
            ps.setLong(2, ctx.migration().id());
            ps.setString(3, objectType);
            ps.setString(4, field);
            ps.setInt(5, MAX_VALUES);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
