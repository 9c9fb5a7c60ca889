package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies the writers send: {@code {"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.<table>", ...}]}}
 * for the bulk messages [bulk-operations], and one record's columns with its primary key for single requests and
 * {@code $batch} parts [webapi/create-entity-web-api].
 */
final class BulkBody {

    private BulkBody() {
    }

    /**
     * Written straight to UTF-8 bytes with a generator, not built as a tree and then a string: a bulk body holds the
     * columns of up to a thousand records, and the copies were a tenth of what the load allocated.
     */
    static byte[] targets(TableRef table, List<RecordWrite> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * records.size() + 16);
        try (JsonGenerator g = DataverseJson.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Targets");
            for (RecordWrite r : records) {
                g.writeStartObject();
                g.writeStringField("@odata.type", "Microsoft.Dynamics.CRM." + table.logicalName());
                if (r.id() != null) {
                    g.writeStringField(table.primaryIdAttribute(), r.id().toString());
                }
                for (Map.Entry<String, JsonNode> e : r.columns().properties()) {
                    if (!e.getKey().equals(table.primaryIdAttribute()) && !e.getKey().equals("@odata.type")) {
                        g.writeFieldName(e.getKey());
                        value(g, e.getValue());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("records cannot be written as JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Text and null, most of a record's values, written by the generator itself: {@code writeTree} goes through the
     * mapper, which sets up a serializer provider for every value (1.2 % of the load's Java CPU samples).
     */
    private static void value(JsonGenerator g, JsonNode v) throws IOException {
        if (v.isTextual()) {
            g.writeString(v.textValue());
        } else if (v.isNull()) {
            g.writeNull();
        } else {
            g.writeTree(v);
        }
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
