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
 * distinct value seen in the data, with unknown ones left without a target (null) for the reviewer to decide.
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

    public MappingFile propose() throws SQLException {
        MappingFile m = MappingLoader.defaultMapping();
        String prefix = ctx.config().get("dataverse.publisher.prefix", m.publisherPrefix()).toLowerCase(Locale.ROOT);
        Inventory inventory = new InventoryBuilder(ctx).build();
        for (Inventory.CustomFieldProfile cf : inventory.customFields()) {
            ObjectMapping om = m.objects().get(cf.objectType());
            if (om == null || cf.recordsWithValue() == 0 && !cf.declared()) {
                continue;
            }
            for (Map.Entry<String, ObjectMapping.TargetMapping> t : om.targets().entrySet()) {
                FieldMapping f = existingColumn(cf, prefix, t.getKey(), t.getValue());
                t.getValue().fields().put(cf.column(), f != null ? f : customField(cf, prefix, t.getValue()));
            }
        }
        try (Connection c = ctx.store().connection()) {
            for (Map.Entry<String, ObjectMapping> o : m.objects().entrySet()) {
                for (ObjectMapping.TargetMapping target : o.getValue().targets().values()) {
                    for (Map.Entry<String, FieldMapping> f : target.fields().entrySet()) {
                        if (f.getValue().values() != null && !f.getKey().contains(".") && !f.getKey().startsWith("cf_")) {
                            f.setValue(withSeenValues(f.getValue(), seenValues(c, o.getKey(), f.getKey())));
                        }
                    }
                }
            }
        }
        return new MappingFile(m.version(), prefix, m.options(), m.objects(), m.skipObjects());
    }

    /** The field written to a column the org already has, or null when none fits (or the org is not known). */
    private FieldMapping existingColumn(Inventory.CustomFieldProfile cf, String prefix, String table,
                                        ObjectMapping.TargetMapping mapping) {
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
                .map(m -> reuse(cf, table, m, finalType)).orElse(null);
    }

    private FieldMapping reuse(Inventory.CustomFieldProfile cf, String table, ExistingColumnMatcher.Match m, String type) {
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
        Map<String, Integer> values = null;
        String reason = m.reason();
        if (type.endsWith("select")) {
            // the org's options, matched to the Profi values by label; the rest waits for a decision
            Map<Integer, String> options = target.choiceOptions(table, m.column().logicalName());
            values = new LinkedHashMap<>();
            Set<String> seen = new LinkedHashSet<>(cf.options());
            seen.addAll(cf.valuesOutsideOptions());
            for (String v : seen) {
                Integer hit = null;
                for (Map.Entry<Integer, String> o : options.entrySet()) {
                    if (o.getValue().equalsIgnoreCase(v.trim())) {
                        hit = o.getKey();
                    }
                }
                values.put(v, hit);
            }
            reason += "; values matched to its options by label";
        }
        return new FieldMapping(m.column().logicalName(), transform, null, null, null, values, values == null ? null : "reject",
                null, null, null, null, null, m.confidence(), reason, null);
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

    /** The map with every value seen in the data; a value it does not know gets no target (null) and is flagged. */
    private static FieldMapping withSeenValues(FieldMapping f, List<String> seen) {
        Map<String, Integer> values = new LinkedHashMap<>(f.values());
        for (String v : seen) {
            values.putIfAbsent(v, null);
        }
        return new FieldMapping(f.column(), f.transform(), f.currencyField(), f.maxLength(), f.tooLong(), values, f.unknown(),
                f.unknownTextColumn(), f.lookup(), f.owner(), f.defaultValue(), f.create(), f.confidence(), f.reason(), f.also());
    }

    private List<String> seenValues(Connection c, String objectType, String field) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select btrim(payload ->> ?) v, count(*) from staged_record
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
