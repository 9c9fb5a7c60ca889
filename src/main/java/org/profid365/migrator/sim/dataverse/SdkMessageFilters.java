package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET sdkmessagefilters?$filter=sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'contact'}:
 * one row per table and bulk message the org supports, which is how a client learns where bulk calls work
 * [bulk-operations].
 */
final class SdkMessageFilters {

    private static final Map<String, SimColumnType> PROPERTIES = new LinkedHashMap<>();

    static {
        PROPERTIES.put("sdkmessagefilterid", SimColumnType.UNIQUEIDENTIFIER);
        PROPERTIES.put("primaryobjecttypecode", SimColumnType.STRING);
        PROPERTIES.put("secondaryobjecttypecode", SimColumnType.STRING);
        PROPERTIES.put("isvisible", SimColumnType.BOOLEAN);
        PROPERTIES.put("iscustomprocessingstepallowed", SimColumnType.BOOLEAN);
        PROPERTIES.put("availability", SimColumnType.INTEGER);
        PROPERTIES.put("_sdkmessageid_value", SimColumnType.UNIQUEIDENTIFIER);
        PROPERTIES.put("sdkmessageid/name", SimColumnType.STRING);
    }

    private final SimState state;
    private final BulkRequests bulk;

    SdkMessageFilters(SimState state, BulkRequests bulk) {
        this.state = state;
        this.bulk = bulk;
    }

    SimResponse handle(SimRequest request, RequestContext context) {
        if (!request.method().equals("GET")) {
            throw new DataverseFault(405, DataverseFault.ODATA_CODE, "The simulator serves sdkmessagefilters read-only.");
        }
        Map<String, String> query = request.query();
        List<String> select = new ArrayList<>();
        if (query.containsKey("$select")) {
            for (String name : query.get("$select").split(",")) {
                String property = name.trim();
                if (!PROPERTIES.containsKey(property) || property.contains("/")) {
                    throw DataverseFault.unknownQueryProperty(property, "sdkmessagefilter");
                }
                select.add(property);
            }
        } else {
            PROPERTIES.keySet().stream().filter(p -> !p.contains("/")).forEach(select::add);
        }
        ODataFilter filter = query.containsKey("$filter") ? ODataFilter.parse(query.get("$filter"), property -> {
            SimColumnType type = PROPERTIES.get(property);
            return type == null ? null : new SimColumn(property, type, SimTable.stableId("sdk:" + property));
        }, "sdkmessagefilter") : null;
        ObjectNode answer = SimResponse.JSON.createObjectNode();
        answer.put("@odata.context", state.baseUrl + "$metadata#sdkmessagefilters(" + String.join(",", select) + ")");
        ArrayNode value = answer.putArray("value");
        for (Map<String, Object> row : rows()) {
            if (filter == null || filter.matches(row::get)) {
                ObjectNode node = value.addObject();
                select.forEach(p -> RecordJson.putValue(node, p, row.get(p)));
            }
        }
        context.count(1);
        return SimResponse.json(200, answer);
    }

    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SimTable table : state.metadata.tables()) {
            for (String message : BulkRequests.MESSAGES) {
                if (!bulk.supported(table, message)) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("sdkmessagefilterid", SimTable.stableId("sdkmessagefilter:" + message + ":" + table.logicalName));
                row.put("primaryobjecttypecode", table.logicalName);
                row.put("secondaryobjecttypecode", "none");
                row.put("isvisible", true);
                row.put("iscustomprocessingstepallowed", true);
                row.put("availability", 0);
                row.put("_sdkmessageid_value", SimTable.stableId("sdkmessage:" + message));
                row.put("sdkmessageid/name", message);
                rows.add(row);
            }
        }
        return rows;
    }
}
