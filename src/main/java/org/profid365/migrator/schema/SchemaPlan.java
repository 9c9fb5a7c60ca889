package org.profid365.migrator.schema;

import java.util.List;
import org.profid365.migrator.dataverse.ColumnSpec;
import org.profid365.migrator.dataverse.KeySpec;
import org.profid365.migrator.dataverse.LookupSpec;
import org.profid365.migrator.dataverse.TableSpec;

/**
 * What schema provisioning does for a mapping file against one org: the custom tables, columns, one-to-many
 * relationships (lookups) and alternate keys it creates, those that already exist (skipped), the custom-table count
 * against the edition's limit, and the preflight problems that stop it (nothing is created while there is one).
 *
 * @param customTablesExisting custom tables with the publisher prefix that exist in the org now
 * @param customTableCount     those plus the tables this plan creates
 */
public record SchemaPlan(String prefix, Edition edition, List<TablePlan> tables, List<ColumnPlan> columns,
                         List<LookupPlan> lookups, List<KeyPlan> keys, int customTablesExisting, int customTableCount,
                         List<String> problems) {

    public SchemaPlan {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        lookups = List.copyOf(lookups);
        keys = List.copyOf(keys);
        problems = List.copyOf(problems);
    }

    /** Create, or skip because it exists with a compatible type. */
    public enum Action { CREATE, EXISTS }

    /** A custom table, with its primary-name column. */
    public record TablePlan(TableSpec spec, Action action) {
        public String table() {
            return spec.logicalName();
        }
    }

    /** A column of {@code table}. */
    public record ColumnPlan(String table, ColumnSpec spec, Action action) {
    }

    /** A one-to-many relationship whose lookup column goes on {@code spec.referencingTable()}. */
    public record LookupPlan(LookupSpec spec, Action action) {
        public String table() {
            return spec.referencingTable();
        }
    }

    /** An alternate key of {@code table}. */
    public record KeyPlan(String table, KeySpec spec, Action action) {
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** True when nothing is left to create. */
    public boolean isEmpty() {
        return tables.stream().noneMatch(t -> t.action() == Action.CREATE)
                && columns.stream().noneMatch(c -> c.action() == Action.CREATE)
                && lookups.stream().noneMatch(l -> l.action() == Action.CREATE)
                && keys.stream().noneMatch(k -> k.action() == Action.CREATE);
    }

    public List<TablePlan> tablesToCreate() {
        return tables.stream().filter(t -> t.action() == Action.CREATE).toList();
    }

    public List<ColumnPlan> columnsToCreate() {
        return columns.stream().filter(c -> c.action() == Action.CREATE).toList();
    }

    public List<LookupPlan> lookupsToCreate() {
        return lookups.stream().filter(l -> l.action() == Action.CREATE).toList();
    }

    public List<KeyPlan> keysToCreate() {
        return keys.stream().filter(k -> k.action() == Action.CREATE).toList();
    }

    /** "3 of 15 (sales-professional)" or "3 (enterprise, no limit)". */
    public String customTableCountText() {
        Integer limit = edition.customTableLimit();
        return limit == null ? customTableCount + " (" + edition.key() + ", no limit)"
                : customTableCount + " of " + limit + " (" + edition.key() + ")";
    }
}
