package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON bodies the writers send: {@code {"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.<table>", ...}]}}
 * for the bulk messages [bulk-operations], and one record's columns with its primary key for single requests and
 * {@code $batch} parts [webapi/create-entity-web-api].
 */
final class BulkBody {

    private BulkBody() {
    }

    static String targets(TableRef table, List<RecordWrite> records) {
        ObjectNode root = DataverseJson.object();
        ArrayNode targets = root.putArray("Targets");
        for (RecordWrite r : records) {
            ObjectNode t = targets.addObject();
            t.put("@odata.type", "Microsoft.Dynamics.CRM." + table.logicalName());
            if (r.id() != null) {
                t.put(table.primaryIdAttribute(), r.id().toString());
            }
            r.columns().properties().forEach(e -> {
                if (!e.getKey().equals(table.primaryIdAttribute()) && !e.getKey().equals("@odata.type")) {
                    t.set(e.getKey(), e.getValue());
                }
            });
        }
        return DataverseJson.write(root);
    }

    /** A create body: the columns plus the primary key when the caller chose it. */
    static String createRecord(TableRef table, RecordWrite r) {
        ObjectNode o = DataverseJson.object();
        if (r.id() != null) {
            o.put(table.primaryIdAttribute(), r.id().toString());
        }
        r.columns().properties().forEach(e -> {
            if (!e.getKey().equals(table.primaryIdAttribute())) {
                o.set(e.getKey(), e.getValue());
            }
        });
        return DataverseJson.write(o);
    }

    /** An update or upsert body: the key is in the URL, so only the columns. */
    static String columns(TableRef table, RecordWrite r) {
        ObjectNode o = r.columns().deepCopy();
        o.remove(table.primaryIdAttribute());
        return DataverseJson.write(o);
    }
}
