package org.profid365.migrator.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseSettings;
import org.profid365.migrator.dataverse.ODataLiteral;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.dataverse.RecordReader;
import org.profid365.migrator.dataverse.TableRef;

/**
 * Reads migrated records back from Dynamics with {@code $select} of the mapped columns only ({@link
 * FieldComparison#select}): by id (a sample's records, {@value #IDS_PER_REQUEST} ids per {@code $filter}), or every
 * record of a table page by page ({@code verify}), one page in memory at a time.
 */
public final class ReadBack {

    /** Ids per {@code $filter=<key> eq … or …}: keeps the URL far below the 32 KB Dataverse accepts. */
    static final int IDS_PER_REQUEST = 50;

    private final DataverseConnection dv;
    private final TargetColumns columns;
    private final FieldComparison comparison;

    public ReadBack(DataverseConnection dv, TargetColumns columns, FieldComparison comparison) {
        this.dv = dv;
        this.columns = columns;
        this.comparison = comparison;
    }

    /** The records of {@code table} with these ids that exist, by id. */
    public Map<UUID, ObjectNode> byIds(String table, Collection<UUID> ids) {
        TableRef t = columns.table(table);
        String key = t.primaryIdAttribute();
        List<String> select = comparison.select(table);
        Map<UUID, ObjectNode> out = new HashMap<>();
        List<UUID> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += IDS_PER_REQUEST) {
            List<String> terms = new ArrayList<>();
            for (UUID id : all.subList(i, Math.min(all.size(), i + IDS_PER_REQUEST))) {
                terms.add(key + " eq " + ODataLiteral.guid(id));
            }
            ODataQuery q = ODataQuery.from(t.entitySetName()).select(select.toArray(String[]::new))
                    .filter(String.join(" or ", terms));
            dv.reader().forEach(q, row -> out.put(UUID.fromString(row.path(key).asText()), row));
        }
        return out;
    }

    /** Every record of {@code table}, {@code pageSize} at a time; returns how many were read. */
    public long pages(String table, int pageSize, Consumer<List<ObjectNode>> pages) {
        TableRef t = columns.table(table);
        ODataQuery q = ODataQuery.from(t.entitySetName()).select(comparison.select(table).toArray(String[]::new));
        RecordReader reader = new RecordReader(dv.client(), Math.max(1, Math.min(DataverseSettings.PAGE_LIMIT, pageSize)));
        return reader.forEachPage(q, pages);
    }

    public TargetColumns columns() {
        return columns;
    }

    public FieldComparison comparison() {
        return comparison;
    }
}
