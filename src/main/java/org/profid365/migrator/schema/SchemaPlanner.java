package org.profid365.migrator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.profid365.migrator.dataverse.ChoiceOption;
import org.profid365.migrator.dataverse.ColumnSpec;
import org.profid365.migrator.dataverse.KeyIndexStatus;
import org.profid365.migrator.dataverse.KeySpec;
import org.profid365.migrator.dataverse.LookupSpec;
import org.profid365.migrator.dataverse.MetadataClient;
import org.profid365.migrator.dataverse.TableDefinition;
import org.profid365.migrator.dataverse.TableSpec;
import org.profid365.migrator.mapping.FieldMapping;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.schema.SchemaPlan.Action;

/**
 * Computes a {@link SchemaPlan} from a mapping file and the org's metadata (read only, through
 * {@link MetadataClient}): what exists with a compatible type is skipped, what exists with an incompatible one is a
 * problem (never overwritten), standard columns the mapping writes must exist.
 */
final class SchemaPlanner {

    private static final Set<String> CASCADES = Set.of("Cascade", "RemoveLink", "Restrict");

    private final MetadataClient md;
    private final Supplier<Set<String>> customTables;
    private final Edition edition;

    /**
     * @param customTables the logical names of the org's custom tables (any prefix; this planner keeps its own)
     */
    SchemaPlanner(MetadataClient md, Supplier<Set<String>> customTables, Edition edition) {
        this.md = md;
        this.customTables = customTables;
        this.edition = edition;
    }

    /** What the mapping asks of one target table, merged over every object that writes it. */
    private static final class Target {
        final String table;
        ObjectMapping.NewTable newTable;
        String at;
        final Map<String, FieldMapping.NewColumn> columns = new LinkedHashMap<>();
        final Map<String, String> columnAt = new LinkedHashMap<>();
        final Map<String, FieldMapping.NewColumn> lookups = new LinkedHashMap<>();
        final Map<String, String> lookupAt = new LinkedHashMap<>();
        final Map<String, String> required = new LinkedHashMap<>();

        Target(String table, String at) {
            this.table = table;
            this.at = at;
        }
    }

    SchemaPlan plan(MappingFile mapping) {
        String prefix = mapping.publisherPrefix().toLowerCase(Locale.ROOT);
        String p = prefix + "_";
        List<String> problems = new ArrayList<>();
        Map<String, Target> targets = collect(mapping, p);

        List<SchemaPlan.TablePlan> tables = new ArrayList<>();
        List<SchemaPlan.ColumnPlan> columns = new ArrayList<>();
        List<SchemaPlan.LookupPlan> lookups = new ArrayList<>();
        List<SchemaPlan.KeyPlan> keys = new ArrayList<>();
        Set<String> existingTables = new LinkedHashSet<>();
        Set<String> plannedTables = new LinkedHashSet<>();

        for (Target t : targets.values()) {
            Optional<TableDefinition> def = md.table(t.table);
            def.ifPresent(d -> existingTables.add(t.table));
            if (t.newTable != null) {
                TableSpec spec = tableSpec(t);
                tables.add(new SchemaPlan.TablePlan(spec, def.isPresent() ? Action.EXISTS : Action.CREATE));
                plannedTables.add(t.table);
                if (def.isPresent() && d(def).primaryNameAttribute() != null
                        && !d(def).primaryNameAttribute().equals(t.newTable.primaryName())) {
                    problems.add(t.table + ": exists with primary name " + d(def).primaryNameAttribute()
                            + ", the mapping names " + t.newTable.primaryName());
                }
            } else if (def.isEmpty()) {
                problems.add(t.at + ": table " + t.table + " does not exist in this environment");
                continue;
            }
            boolean exists = def.isPresent();
            for (Map.Entry<String, FieldMapping.NewColumn> c : t.columns.entrySet()) {
                ColumnSpec spec;
                try {
                    spec = columnSpec(c.getKey(), c.getValue());
                } catch (IllegalArgumentException e) {
                    problems.add(t.columnAt.get(c.getKey()) + ": " + e.getMessage());
                    continue;
                }
                Action action = Action.CREATE;
                if (exists) {
                    Optional<JsonNode> attribute = md.column(t.table, c.getKey());
                    if (attribute.isPresent()) {
                        String why = incompatibility(c.getValue(), attribute.get());
                        if (why == null) {
                            why = missingOptions(t.table, c.getKey(), c.getValue());
                        }
                        if (why != null) {
                            problems.add(t.table + "." + c.getKey() + ": " + why + " (" + t.columnAt.get(c.getKey())
                                    + "); it is never overwritten: change the mapping or the column");
                            continue;
                        }
                        action = Action.EXISTS;
                    }
                }
                columns.add(new SchemaPlan.ColumnPlan(t.table, spec, action));
            }
            if (exists) {
                for (Map.Entry<String, String> r : t.required.entrySet()) {
                    if (t.columns.containsKey(r.getKey())) {
                        continue;
                    }
                    if (md.column(t.table, r.getKey()).isEmpty()) {
                        problems.add(r.getValue() + ": column " + t.table + "." + r.getKey()
                                + " does not exist (a standard column is never created; add a create block for a custom one)");
                    }
                }
            }
        }

        // lookups: after every table is known, so a lookup may point at a table this plan creates
        for (Target t : targets.values()) {
            if (t.newTable == null && !existingTables.contains(t.table)) {
                continue;
            }
            for (Map.Entry<String, FieldMapping.NewColumn> l : t.lookups.entrySet()) {
                FieldMapping.NewColumn c = l.getValue();
                String at = t.lookupAt.get(l.getKey());
                String schemaName = l.getKey();
                String logical = schemaName.toLowerCase(Locale.ROOT);
                String cascade = c.cascade() == null ? "RemoveLink" : c.cascade();
                if (!CASCADES.contains(cascade)) {
                    problems.add(at + ".cascade: '" + cascade + "' must be Cascade, RemoveLink or Restrict");
                    continue;
                }
                if (!plannedTables.contains(c.target()) && !existingTables.contains(c.target())
                        && md.table(c.target()).isEmpty()) {
                    problems.add(at + ".target: table " + c.target() + " does not exist and is not created by this mapping");
                    continue;
                }
                LookupSpec spec = new LookupSpec(relationshipName(p, c.target(), t.table, logical), c.target(), t.table,
                        schemaName, c.label() == null ? schemaName : c.label(), cascade);
                Action action = Action.CREATE;
                if (existingTables.contains(t.table)) {
                    Optional<JsonNode> attribute = md.column(t.table, logical);
                    if (attribute.isPresent()) {
                        String why = incompatibility(c, attribute.get());
                        if (why != null) {
                            problems.add(t.table + "." + logical + ": " + why + " (" + at
                                    + "); it is never overwritten: change the mapping or the column");
                            continue;
                        }
                        action = Action.EXISTS;
                    }
                }
                lookups.add(new SchemaPlan.LookupPlan(spec, action));
            }
        }

        // alternate keys on <p>_profiid of every custom table
        String keyColumn = p + "profiid";
        for (String table : plannedTables) {
            Target t = targets.get(table);
            boolean declared = t.columns.containsKey(keyColumn);
            boolean exists = existingTables.contains(table);
            if (!declared && !(exists && md.column(table, keyColumn).isPresent())) {
                problems.add(t.at + ": custom table " + table + " has no column " + keyColumn
                        + " for its alternate key (map the Profi id to it with a create block)");
                continue;
            }
            KeySpec spec = new KeySpec(table + "_profiid_key", "Profi ID", List.of(keyColumn));
            Action action = Action.CREATE;
            if (exists) {
                Optional<KeyIndexStatus> status = md.alternateKeyStatus(table, spec.logicalName());
                if (status.isPresent()) {
                    if (status.get() == KeyIndexStatus.FAILED) {
                        problems.add(table + ": alternate key " + spec.logicalName()
                                + " exists but its index Failed; delete and recreate it in the maker portal");
                        continue;
                    }
                    action = Action.EXISTS;
                }
            }
            keys.add(new SchemaPlan.KeyPlan(table, spec, action));
        }

        Set<String> ours = new LinkedHashSet<>();
        for (String name : customTables.get()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(p)) {
                ours.add(name.toLowerCase(Locale.ROOT));
            }
        }
        int toCreate = (int) tables.stream().filter(t -> t.action() == Action.CREATE && !ours.contains(t.table())).count();
        int count = ours.size() + toCreate;
        Integer limit = edition.customTableLimit();
        if (limit != null && count > limit) {
            problems.add("custom tables: " + count + " (" + ours.size() + " with prefix " + prefix + " exist, " + toCreate
                    + " to create) is over the " + limit + " that " + edition.key() + " allows (dataverse.edition)");
        }
        return new SchemaPlan(prefix, edition, tables, columns, lookups, keys, ours.size(), count, problems);
    }

    private static TableDefinition d(Optional<TableDefinition> def) {
        return def.orElseThrow();
    }

    private static Map<String, Target> collect(MappingFile mapping, String p) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectMapping> o : mapping.objects().entrySet()) {
            for (Map.Entry<String, ObjectMapping.TargetMapping> e : o.getValue().targets().entrySet()) {
                String at = "objects." + o.getKey() + ".targets." + e.getKey();
                Target t = targets.computeIfAbsent(e.getKey(), k -> new Target(k, at));
                ObjectMapping.TargetMapping tm = e.getValue();
                if (tm.table() != null && t.newTable == null && e.getKey().startsWith(p)) {
                    t.newTable = tm.table();
                    t.at = at;
                }
                for (Map.Entry<String, FieldMapping> f : tm.fields().entrySet()) {
                    FieldMapping fm = f.getValue();
                    String fat = at + ".fields." + f.getKey();
                    if (fm.create() != null && "Lookup".equals(fm.create().type())) {
                        String name = fm.lookup() != null ? fm.lookup().navigation() : fm.column();
                        if (name != null) {
                            t.lookups.putIfAbsent(name, fm.create());
                            t.lookupAt.putIfAbsent(name, fat + ".create");
                        }
                    } else if (fm.create() != null && fm.column() != null) {
                        t.columns.putIfAbsent(fm.column(), fm.create());
                        t.columnAt.putIfAbsent(fm.column(), fat + ".create");
                    } else if (fm.column() != null) {
                        t.required.putIfAbsent(fm.column(), fat + ".column");
                    }
                    List<String> written = new ArrayList<>(fm.also() == null ? List.of() : fm.also());
                    if (fm.unknownTextColumn() != null) {
                        written.add(fm.unknownTextColumn());
                    }
                    for (String w : written) {
                        t.required.putIfAbsent(w, fat);
                    }
                }
                for (Map.Entry<String, FieldMapping.NewColumn> c : tm.columns().entrySet()) {
                    String cat = at + ".columns." + c.getKey();
                    if ("Lookup".equals(c.getValue().type())) {
                        t.lookups.putIfAbsent(c.getKey(), c.getValue());
                        t.lookupAt.putIfAbsent(c.getKey(), cat);
                    } else {
                        t.columns.putIfAbsent(c.getKey(), c.getValue());
                        t.columnAt.putIfAbsent(c.getKey(), cat);
                    }
                }
            }
        }
        // a custom column declared under columns or by a lookup is not also a "standard column that must exist"
        for (Target t : targets.values()) {
            t.lookups.keySet().forEach(l -> t.required.remove(l.toLowerCase(Locale.ROOT)));
        }
        return targets;
    }

    private static TableSpec tableSpec(Target t) {
        ObjectMapping.NewTable n = t.newTable;
        String label = n.label() == null ? t.table : n.label();
        return new TableSpec(t.table, label, n.pluralLabel() == null ? label : n.pluralLabel(), null, n.primaryName(),
                n.primaryNameLabel() == null ? "Name" : n.primaryNameLabel(),
                n.primaryNameMaxLength() == null ? 100 : n.primaryNameMaxLength(), true, true);
    }

    /** The column to create for a {@code create} block; an unknown type or a bad length is an IllegalArgumentException. */
    static ColumnSpec columnSpec(String name, FieldMapping.NewColumn c) {
        String label = c.label() == null ? name : c.label();
        String type = c.type() == null ? "" : c.type();
        return switch (type) {
            case "String" -> ColumnSpec.string(name, label, c.maxLength() == null ? 100 : c.maxLength())
                    .withFormat(c.format() == null ? "Text" : c.format());
            case "Memo" -> ColumnSpec.memo(name, label, c.maxLength() == null ? 2000 : c.maxLength());
            case "Integer" -> ColumnSpec.integer(name, label);
            case "Decimal" -> ColumnSpec.decimal(name, label, c.precision() == null ? 2 : c.precision());
            case "Money" -> ColumnSpec.money(name, label, c.precision() == null ? 2 : c.precision());
            case "DateOnly" -> ColumnSpec.dateOnly(name, label);
            case "DateTime" -> ColumnSpec.dateTime(name, label);
            case "Boolean" -> ColumnSpec.bool(name, label, null, null);
            case "Picklist" -> ColumnSpec.choice(name, label, options(c));
            case "MultiSelectPicklist" -> ColumnSpec.choices(name, label, options(c));
            default -> throw new IllegalArgumentException("type '" + c.type() + "' is not one of String, Memo, Integer, "
                    + "Decimal, Money, DateOnly, DateTime, Boolean, Picklist, MultiSelectPicklist, Lookup");
        };
    }

    private static List<ChoiceOption> options(FieldMapping.NewColumn c) {
        List<ChoiceOption> out = new ArrayList<>();
        new TreeMap<>(c.options() == null ? Map.<Integer, String>of() : c.options())
                .forEach((v, l) -> out.add(new ChoiceOption(v, l)));
        return out;
    }

    /** Why an existing column cannot take what the create block describes, or null when it can. */
    static String incompatibility(FieldMapping.NewColumn want, JsonNode have) {
        String typeName = have.path("AttributeTypeName").path("Value").asText("");
        String attributeType = have.path("AttributeType").asText("");
        String expected = switch (want.type() == null ? "" : want.type()) {
            case "String" -> "StringType";
            case "Memo" -> "MemoType";
            case "Integer" -> "IntegerType";
            case "Decimal" -> "DecimalType";
            case "Money" -> "MoneyType";
            case "DateOnly", "DateTime" -> "DateTimeType";
            case "Boolean" -> "BooleanType";
            case "Picklist" -> "PicklistType";
            case "MultiSelectPicklist" -> "MultiSelectPicklistType";
            case "Lookup" -> "LookupType";
            default -> "";
        };
        String actual = !typeName.isEmpty() ? typeName : attributeType + "Type";
        if (!expected.equals(actual)) {
            return "exists as " + actual.replaceFirst("Type$", "") + ", the mapping needs " + want.type();
        }
        switch (want.type()) {
            case "String", "Memo" -> {
                int length = have.path("MaxLength").asInt(Integer.MAX_VALUE);
                int needed = want.maxLength() == null ? 0 : want.maxLength();
                if (length < needed) {
                    return "exists with MaxLength " + length + ", the mapping needs " + needed;
                }
            }
            case "DateOnly", "DateTime" -> {
                String format = have.path("Format").asText("");
                String wanted = want.type().equals("DateOnly") ? "DateOnly" : "DateAndTime";
                if (!format.isEmpty() && !format.equals(wanted)) {
                    return "exists as a " + format + " date, the mapping needs " + want.type();
                }
            }
            case "Lookup" -> {
                boolean targets = false;
                for (JsonNode target : have.path("Targets")) {
                    targets |= target.asText().equals(want.target());
                }
                if (have.has("Targets") && !targets) {
                    return "exists as a lookup to " + have.path("Targets") + ", the mapping needs one to " + want.target();
                }
            }
            default -> {
            }
        }
        return null;
    }

    /** An existing choice column lacking some of the mapping's option values cannot take them (never added here). */
    private String missingOptions(String table, String column, FieldMapping.NewColumn want) {
        if (!("Picklist".equals(want.type()) || "MultiSelectPicklist".equals(want.type())) || want.options() == null) {
            return null;
        }
        Map<Integer, String> have = md.choiceOptions(table, column);
        List<Integer> missing = new TreeMap<>(want.options()).keySet().stream().filter(v -> !have.containsKey(v)).toList();
        return missing.isEmpty() ? null : "exists without the option value(s) " + missing + " the mapping writes";
    }

    /** {@code profi_contact_programenrollment_contactid}: unique per lookup, starting with the prefix. */
    static String relationshipName(String p, String referenced, String referencing, String lookupLogical) {
        return p + strip(p, referenced) + "_" + strip(p, referencing) + "_" + strip(p, lookupLogical);
    }

    private static String strip(String p, String name) {
        return name.startsWith(p) ? name.substring(p.length()) : name;
    }
}
