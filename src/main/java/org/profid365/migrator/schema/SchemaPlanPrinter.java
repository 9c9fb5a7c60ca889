package org.profid365.migrator.schema;

import java.util.ArrayList;
import java.util.List;
import org.profid365.migrator.dataverse.ColumnSpec;

/** A schema plan as a readable table: one row per table, column, lookup and key, then the count and problems. */
public final class SchemaPlanPrinter {

    private SchemaPlanPrinter() {
    }

    public static String table(SchemaPlan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACTION", "KIND", "TABLE", "NAME", "DETAILS"});
        for (SchemaPlan.TablePlan t : plan.tables()) {
            rows.add(new String[] {action(t.action()), "table", t.table(), t.spec().displayName(),
                    "primary name " + t.spec().primaryNameSchemaName() + " (" + t.spec().primaryNameMaxLength() + ")"});
        }
        for (SchemaPlan.ColumnPlan c : plan.columns()) {
            rows.add(new String[] {action(c.action()), "column", c.table(), c.spec().logicalName(), details(c.spec())});
        }
        for (SchemaPlan.LookupPlan l : plan.lookups()) {
            rows.add(new String[] {action(l.action()), "lookup", l.table(), l.spec().lookupSchemaName(),
                    "-> " + l.spec().referencedTable() + ", delete " + l.spec().deleteCascade() + ", relationship "
                            + l.spec().relationshipSchemaName()});
        }
        for (SchemaPlan.KeyPlan k : plan.keys()) {
            rows.add(new String[] {action(k.action()), "key", k.table(), k.spec().logicalName(),
                    "alternate key on " + String.join(", ", k.spec().keyAttributes())});
        }
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            b.append('\n');
        }
        b.append('\n');
        b.append("To create: ").append(plan.tablesToCreate().size()).append(" table(s), ")
                .append(plan.columnsToCreate().size()).append(" column(s), ").append(plan.lookupsToCreate().size())
                .append(" lookup(s), ").append(plan.keysToCreate().size()).append(" key(s)")
                .append(plan.isEmpty() ? " (nothing to do)" : "").append('\n');
        b.append("Custom tables: ").append(plan.customTableCountText()).append('\n');
        if (plan.hasProblems()) {
            b.append("Problems (nothing is created until they are solved):\n");
            plan.problems().forEach(p -> b.append("  - ").append(p).append('\n'));
        }
        return b.toString();
    }

    private static String action(SchemaPlan.Action a) {
        return a == SchemaPlan.Action.CREATE ? "create" : "exists";
    }

    private static String details(ColumnSpec c) {
        StringBuilder b = new StringBuilder(switch (c.type()) {
            case STRING -> "Text";
            case MEMO -> "Multiline text";
            case INTEGER -> "Whole number";
            case DECIMAL -> "Decimal";
            case MONEY -> "Currency";
            case DATE_ONLY -> "Date only";
            case DATE_TIME -> "Date and time";
            case BOOLEAN -> "Yes/No";
            case CHOICE -> "Choice";
            case MULTI_CHOICE -> "Choices";
        });
        if (c.maxLength() != null) {
            b.append(", max ").append(c.maxLength());
        }
        if (c.type() == ColumnSpec.Type.STRING && c.format() != null) {
            b.append(", format ").append(c.format());
        }
        if (c.precision() != null) {
            b.append(", precision ").append(c.precision());
        }
        if (!c.options().isEmpty()) {
            b.append(", ").append(c.options().size()).append(" options (");
            b.append(String.join(", ", c.options().stream().map(o -> o.value() + " " + o.label()).toList())).append(')');
        }
        b.append(" — ").append(c.displayName());
        return b.toString();
    }
}
