package org.profid365.migrator.rollback;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseException;
import org.profid365.migrator.dataverse.MetadataClient;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.dataverse.TableDefinition;
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaChanges.Change;
import org.profid365.migrator.schema.SchemaChanges.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rollback --schema}: removes the components {@code schema --apply} recorded, in dependency order (keys,
 * lookups, columns, tables, then the solution and publisher), publishes the tables that stay, and marks each removed
 * with the run. Before removing anything it makes sure no data that existed before goes with it: a created table must
 * be empty, and a created column of a table the migration did not create must hold no value.
 */
final class SchemaRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRemoval.class);

    /** What was removed (one line each), what keeps the schema in place (nothing removed), what failed. */
    record Result(List<String> removed, Map<String, Long> removedByKind, List<String> kept, List<String> failures) {
    }

    private final SchemaChanges changes;
    private final DataverseConnection dv;
    private final MetadataClient md;

    SchemaRemoval(SchemaChanges changes, DataverseConnection dv) {
        this.changes = changes;
        this.dv = dv;
        this.md = dv.metadata();
    }

    Result run(long runId) throws SQLException {
        List<Change> remaining = changes.remaining();
        List<String> kept = dataThatWouldGo(remaining);
        if (!kept.isEmpty()) {
            return new Result(List.of(), Map.of(), kept, List.of());
        }
        Set<String> removedTables = new HashSet<>();
        remaining.stream().filter(c -> c.kind() == Kind.TABLE).forEach(c -> removedTables.add(c.name()));
        List<String> removed = new ArrayList<>();
        Map<String, Long> byKind = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        boolean published = false;
        for (Change c : remaining) {
            if ((c.kind() == Kind.SOLUTION || c.kind() == Kind.PUBLISHER) && !published) {
                // publish before the containers go: the tables that stay must not show components that are gone
                published = publish(failures);
                if (!published) {
                    break;
                }
            }
            try {
                boolean there = switch (c.kind()) {
                    case KEY -> md.deleteAlternateKey(c.table(), c.name());
                    case LOOKUP -> md.deleteLookup(c.name());
                    case COLUMN -> md.deleteColumn(c.table(), c.name());
                    case TABLE -> md.deleteTable(c.name());
                    case SOLUTION -> md.deleteSolution();
                    case PUBLISHER -> md.deletePublisher();
                };
                boolean stays = c.kind() != Kind.TABLE && c.kind() != Kind.SOLUTION && c.kind() != Kind.PUBLISHER
                        && !removedTables.contains(c.table());
                changes.markRemoved(c, runId, stays);
                removed.add(c.describe() + (there ? "" : " (absent: never created, or removed before)"));
                byKind.merge(c.kind().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
            } catch (DataverseException e) {
                // the order matters (a key before its column, lookups before their tables): stop at the first refusal
                failures.add(c.describe() + " could not be removed: " + e.getMessage());
                break;
            }
        }
        if (failures.isEmpty() && !published) {
            publish(failures);
        }
        return new Result(removed, byKind, List.of(), failures);
    }

    /** Publishes the tables that lost a component and stay; true when done (or nothing to publish). */
    private boolean publish(List<String> failures) throws SQLException {
        List<String> pending = changes.tablesToPublish();
        List<String> existing = pending.stream().filter(t -> md.table(t).isPresent()).toList();
        try {
            if (!existing.isEmpty()) {
                md.publish(existing);
            }
            changes.published(pending);
            return true;
        } catch (DataverseException e) {
            failures.add("publishing " + existing + " failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Data that existed before and would go with the schema: records in a created table (after the data rollback,
     * every record the migration created is gone, so what is left was added by someone else, e.g. during cutover),
     * and values in a created column or lookup of a table the migration did not create.
     */
    private List<String> dataThatWouldGo(List<Change> remaining) {
        Set<String> createdTables = new HashSet<>();
        remaining.stream().filter(c -> c.kind() == Kind.TABLE).forEach(c -> createdTables.add(c.name()));
        List<String> out = new ArrayList<>();
        for (Change c : remaining) {
            if (c.kind() == Kind.TABLE) {
                md.table(c.name()).ifPresent(t -> {
                    long n = count(ODataQuery.from(t.entitySetName()).select(t.primaryIdAttribute()));
                    if (n > 0) {
                        out.add("table " + c.name() + " holds " + n + " record(s) the migration did not create");
                    }
                });
            } else if ((c.kind() == Kind.COLUMN || c.kind() == Kind.LOOKUP) && !createdTables.contains(c.table())) {
                String column = c.kind() == Kind.LOOKUP ? c.lookupColumn() : c.name();
                if (md.column(c.table(), column).isEmpty()) {
                    continue; // removed already
                }
                TableDefinition t = md.table(c.table()).orElseThrow();
                String property = c.kind() == Kind.LOOKUP ? "_" + column + "_value" : column;
                // names come from our own records, not from input: nothing to quote in the filter
                java.util.function.Supplier<ODataQuery> withValue = () -> ODataQuery.from(t.entitySetName())
                        .select(t.primaryIdAttribute()).filter(property + " ne null");
                if (dv.reader().findFirst(withValue.get().top(1)).isPresent()) {
                    out.add("column " + c.table() + "." + column + " holds a value in " + count(withValue.get())
                            + " record(s)");
                }
            }
        }
        if (!out.isEmpty()) {
            LOG.warn("Schema left in place: {}", out);
        }
        return out;
    }

    private long count(ODataQuery query) {
        AtomicLong n = new AtomicLong();
        dv.reader().forEach(query, r -> n.incrementAndGet());
        return n.get();
    }
}
