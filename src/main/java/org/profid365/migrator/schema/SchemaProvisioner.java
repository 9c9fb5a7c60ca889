package org.profid365.migrator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.profid365.migrator.dataverse.DataverseClient;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseError;
import org.profid365.migrator.dataverse.DataverseException;
import org.profid365.migrator.dataverse.DataverseRequest;
import org.profid365.migrator.dataverse.KeyIndexStatus;
import org.profid365.migrator.dataverse.MetadataClient;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.mapping.MappingFile;

/**
 * Creates the custom tables, columns, lookups and alternate keys a mapping file asks for. {@link #dryRun()} only
 * reads; {@link #apply()} plans again and carries the plan out in dependency order (tables, columns, lookups,
 * keys; waits for every new key to be Active; then publishes the changed tables). What exists is skipped, so a
 * second apply sends no metadata write. A plan with problems creates nothing. Every component it creates (and the
 * solution and publisher, when the org lacks them) is recorded in {@link SchemaChanges} before its request leaves.
 */
public final class SchemaProvisioner {

    private final MappingFile mapping;
    private final MetadataClient md;
    private final SchemaPlanner planner;
    private final SchemaChanges changes;

    /** What {@link #apply()} did: the plan it followed and one line per write, in order. */
    public record Applied(SchemaPlan plan, List<String> done) {
        public Applied {
            done = List.copyOf(done);
        }
    }

    /** Thrown when a new alternate key ends Failed. */
    public static final class SchemaException extends RuntimeException {
        public SchemaException(String message) {
            super(message);
        }
    }

    /** {@code changes} null: plans only ({@link #apply()} refuses, since what it created could not be rolled back). */
    public SchemaProvisioner(MappingFile mapping, MetadataClient md, Supplier<Set<String>> customTables, Edition edition,
                             SchemaChanges changes) {
        this.mapping = mapping;
        this.md = md;
        this.planner = new SchemaPlanner(md, customTables, edition);
        this.changes = changes;
    }

    /** For planning only (dry run, preflight); custom tables are listed by IsCustomEntity. */
    public static SchemaProvisioner of(DataverseConnection dv, MappingFile mapping, Edition edition) {
        return of(dv, mapping, edition, null);
    }

    /** Plans and applies, recording what it creates in {@code changes}. */
    public static SchemaProvisioner of(DataverseConnection dv, MappingFile mapping, Edition edition, SchemaChanges changes) {
        return new SchemaProvisioner(mapping, dv.metadata(), () -> customTables(dv.client()), edition, changes);
    }

    /** The logical names of every custom table of the org. */
    static Set<String> customTables(DataverseClient client) {
        JsonNode j = client.execute(DataverseRequest.get("EntityDefinitions?$select=LogicalName,IsCustomEntity&$filter="
                + ODataQuery.encode("IsCustomEntity eq true"))).requireSuccess().json();
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode t : j.path("value")) {
            if (t.path("IsCustomEntity").asBoolean(true)) {
                out.add(t.path("LogicalName").asText());
            }
        }
        return out;
    }

    public SchemaPlan dryRun() {
        return planner.plan(mapping);
    }

    /** Plans, and when the plan has no problem creates what it lists; nothing at all when there is nothing to do. */
    public Applied apply() {
        if (changes == null) {
            throw new IllegalStateException("apply records what it creates for rollback --schema: give it SchemaChanges");
        }
        SchemaPlan plan = dryRun();
        List<String> done = new ArrayList<>();
        if (plan.hasProblems() || plan.isEmpty()) {
            return new Applied(plan, done);
        }
        // the metadata client creates the publisher and solution on the first write when the org lacks them
        if (md.publisherId().isEmpty()) {
            record(SchemaChanges.Kind.PUBLISHER, null, md.publisherPrefix(), null);
        }
        if (md.solutionId().isEmpty()) {
            record(SchemaChanges.Kind.SOLUTION, null, md.solutionUniqueName(), null);
        }
        Set<String> changed = new LinkedHashSet<>();
        for (SchemaPlan.TablePlan t : plan.tablesToCreate()) {
            create(SchemaChanges.Kind.TABLE, t.table(), t.table(), null, () -> md.createTable(t.spec()));
            changed.add(t.table());
            done.add("created table " + t.table());
        }
        for (SchemaPlan.ColumnPlan c : plan.columnsToCreate()) {
            create(SchemaChanges.Kind.COLUMN, c.table(), c.spec().logicalName(), null, () -> md.createColumn(c.table(), c.spec()));
            changed.add(c.table());
            done.add("created column " + c.table() + "." + c.spec().logicalName());
        }
        for (SchemaPlan.LookupPlan l : plan.lookupsToCreate()) {
            create(SchemaChanges.Kind.LOOKUP, l.table(), l.spec().relationshipSchemaName(),
                    l.spec().lookupSchemaName().toLowerCase(Locale.ROOT), () -> md.createLookup(l.spec()));
            changed.add(l.table());
            done.add("created lookup " + l.table() + "." + l.spec().lookupSchemaName() + " -> " + l.spec().referencedTable());
        }
        for (SchemaPlan.KeyPlan k : plan.keysToCreate()) {
            create(SchemaChanges.Kind.KEY, k.table(), k.spec().logicalName(), null,
                    () -> md.createAlternateKey(k.table(), k.spec()));
            changed.add(k.table());
            done.add("requested alternate key " + k.table() + "." + k.spec().logicalName());
        }
        for (SchemaPlan.KeyPlan k : plan.keysToCreate()) {
            KeyIndexStatus status = md.awaitAlternateKey(k.table(), k.spec().logicalName());
            if (status != KeyIndexStatus.ACTIVE) {
                throw new SchemaException("alternate key " + k.table() + "." + k.spec().logicalName() + " ended " + status
                        + " (done before: " + done + ")");
            }
            done.add("alternate key " + k.table() + "." + k.spec().logicalName() + " is Active");
        }
        md.publish(List.copyOf(changed));
        done.add("published " + String.join(", ", changed));
        return new Applied(plan, done);
    }

    /**
     * Records the component, then creates it. A duplicate answer means someone else created it since the plan: its
     * record goes, because removing what we did not create is worse than leaving one of ours.
     */
    private void create(SchemaChanges.Kind kind, String table, String name, String lookupColumn, Runnable request) {
        record(kind, table, name, lookupColumn);
        try {
            request.run();
        } catch (DataverseException e) {
            if (DataverseError.DUPLICATE.equalsIgnoreCase(e.error().code())) {
                try {
                    changes.forget(kind, table, name);
                } catch (SQLException forgetting) {
                    e.addSuppressed(forgetting);
                }
            }
            throw e;
        }
    }

    private void record(SchemaChanges.Kind kind, String table, String name, String lookupColumn) {
        try {
            changes.intend(kind, table, name, lookupColumn);
        } catch (SQLException e) {
            throw new SchemaException("cannot record " + kind.name().toLowerCase(Locale.ROOT) + " " + name
                    + " in the state store, so it was not created: " + e.getMessage());
        }
    }
}
