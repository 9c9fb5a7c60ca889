package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entity-set operations: create (POST), retrieve and query (GET with $select, $filter, $orderby, $top, paging),
 * update and upsert (PATCH with If-Match / If-None-Match), delete, and single-property PUT/DELETE.
 */
final class RecordRequests {

    private static final Pattern KEYED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\((.*)\\)(/.*)?");
    private static final Set<String> QUERY_OPTIONS = Set.of("$select", "$filter", "$orderby", "$top", "$skiptoken",
            "$count");
    /** Options real Dataverse serves that this simulator does not: refused rather than silently ignored. */
    private static final Set<String> SIMULATOR_GAPS = Set.of("$expand", "$apply", "$search", "$compute", "fetchXml",
            "savedQuery", "userQuery");

    private final SimState state;
    private final RecordWriter writer;
    private final EntityReferences references;

    RecordRequests(SimState state, RecordWriter writer) {
        this.state = state;
        this.writer = writer;
        this.references = new EntityReferences(state);
    }

    /** True when the resource names an entity set or one of its entities. */
    SimResponse handle(SimRequest request, RequestContext context) {
        String resource = request.resource();
        Matcher keyed = KEYED.matcher(resource);
        if (keyed.matches()) {
            SimTable table = table(keyed.group(1));
            EntityReferences.Key key = references.parseKey(table, keyed.group(2));
            String property = keyed.group(3);
            if (property != null) {
                return property(request, context, table, key, property.substring(1));
            }
            return switch (request.method()) {
                case "GET" -> retrieve(request, context, table, key);
                case "PATCH" -> upsert(request, context, table, key);
                case "DELETE" -> delete(context, table, key);
                default -> throw methodNotAllowed(request);
            };
        }
        SimTable table = table(resource);
        return switch (request.method()) {
            case "GET" -> query(request, context, table);
            case "POST" -> create(request, context, table);
            default -> throw methodNotAllowed(request);
        };
    }

    SimTable table(String entitySet) {
        SimTable table = state.metadata.tableBySet(entitySet);
        if (table == null) {
            throw DataverseFault.segmentNotFound(entitySet);
        }
        return table;
    }

    private DataverseFault methodNotAllowed(SimRequest request) {
        return new DataverseFault(405, DataverseFault.ODATA_CODE, "The requested resource does not support http method '"
                + request.method() + "'.");
    }

    // ---- create ----------------------------------------------------------------------------------------------

    private SimResponse create(SimRequest request, RequestContext context, SimTable table) {
        JsonNode body = JsonBodies.read(request, table.entitySet);
        List<SimColumn> select = RecordJson.select(table, request.query().get("$select"));
        SimRecord record = state.store.atomically(() ->
                writer.create(table, body, null, context, state.options.duplicateCreateStatus()));
        return written(request, table, record, true, select);
    }

    /** 204 + OData-EntityId, or with {@code Prefer: return=representation} the row (201 created, 200 updated). */
    SimResponse written(SimRequest request, SimTable table, SimRecord record, boolean created, List<SimColumn> select) {
        String url = state.entityUrl(table, record.id());
        if ("representation".equals(request.preferences().get("return"))) {
            ObjectNode body = SimResponse.JSON.createObjectNode();
            body.put("@odata.context", state.baseUrl + "$metadata#" + RecordJson.contextSelection(table, select) + "/$entity");
            body.setAll(RecordJson.render(table, record, select, includeAnnotations(request)));
            return SimResponse.json(created ? 201 : 200, body)
                    .header("Preference-Applied", "return=representation")
                    .header("OData-EntityId", url);
        }
        return SimResponse.noContent().header("OData-EntityId", url);
    }

    // ---- read ------------------------------------------------------------------------------------------------

    private SimResponse retrieve(SimRequest request, RequestContext context, SimTable table, EntityReferences.Key key) {
        Map<String, String> query = request.query();
        for (String option : query.keySet()) {
            if ((option.startsWith("$") || SIMULATOR_GAPS.contains(option)) && !option.equals("$select")) {
                throw unsupportedOption(option);
            }
        }
        List<SimColumn> select = RecordJson.select(table, query.get("$select"));
        SimRecord record = find(table, key);
        if (record == null) {
            throw missing(table, key);
        }
        context.count(1);
        ObjectNode body = SimResponse.JSON.createObjectNode();
        body.put("@odata.context", state.baseUrl + "$metadata#" + RecordJson.contextSelection(table, select) + "/$entity");
        body.setAll(RecordJson.render(table, record, select, includeAnnotations(request)));
        return SimResponse.json(200, body);
    }

    private SimResponse query(SimRequest request, RequestContext context, SimTable table) {
        Map<String, String> query = request.query();
        for (String option : query.keySet()) {
            if ((option.startsWith("$") || SIMULATOR_GAPS.contains(option)) && !QUERY_OPTIONS.contains(option)) {
                throw unsupportedOption(option);
            }
        }
        List<SimColumn> select = RecordJson.select(table, query.get("$select"));
        ODataFilter filter = query.containsKey("$filter")
                ? ODataFilter.parse(query.get("$filter"), table::queryProperty, table.logicalName) : null;
        Comparator<SimRecord> order = order(table, query.get("$orderby"));
        Integer top = top(query.get("$top"));
        Map<String, String> preferences = request.preferences();
        int pageSize = state.options.maxPageSize();
        boolean pageSizeAsked = preferences.containsKey("odata.maxpagesize");
        if (pageSizeAsked) {
            try {
                pageSize = Math.max(1, Math.min(pageSize, Integer.parseInt(preferences.get("odata.maxpagesize"))));
            } catch (NumberFormatException e) {
                pageSizeAsked = false;
            }
        }
        List<SimRecord> rows = new ArrayList<>();
        for (SimRecord row : state.store.rows(table.logicalName)) {
            if (filter == null || filter.matches(property -> value(table, row, property))) {
                rows.add(row);
            }
        }
        if (order != null) {
            rows.sort(order);
        }
        int total = rows.size();
        int start = start(query.get("$skiptoken"), rows, order != null);
        int end = top != null ? Math.min(rows.size(), top) : Math.min(rows.size(), start + pageSize);
        List<SimRecord> page = start >= end ? List.of() : rows.subList(start, end);
        context.count(1);
        ObjectNode body = SimResponse.JSON.createObjectNode();
        body.put("@odata.context", state.baseUrl + "$metadata#" + RecordJson.contextSelection(table, select));
        if ("true".equals(query.get("$count"))) {
            body.put("@odata.count", total);
        }
        ArrayNode value = body.putArray("value");
        boolean annotations = includeAnnotations(request);
        page.forEach(row -> value.add(RecordJson.render(table, row, select, annotations)));
        if (top == null && end < rows.size()) {
            String token = order != null ? "o:" + end : "k:" + page.get(page.size() - 1).id();
            body.put("@odata.nextLink", nextLink(request, table, token));
        }
        SimResponse response = SimResponse.json(200, body);
        List<String> applied = new ArrayList<>();
        if (pageSizeAsked) {
            applied.add("odata.maxpagesize=" + pageSize);
        }
        if (annotations) {
            applied.add("odata.include-annotations=\"" + preferences.get("odata.include-annotations") + "\"");
        }
        if (!applied.isEmpty()) {
            response.header("Preference-Applied", String.join(",", applied));
        }
        return response;
    }

    static Object value(SimTable table, SimRecord row, String property) {
        SimColumn column = table.queryProperty(property);
        return column == null ? null : row.get(column.logicalName);
    }

    private static DataverseFault unsupportedOption(String option) {
        if (SIMULATOR_GAPS.contains(option)) {
            return DataverseFault.badRequest(DataverseFault.ODATA_CODE, "The query parameter " + option
                    + " is not supported by the Dataverse simulator (Dataverse itself supports it).");
        }
        return DataverseFault.badRequest(DataverseFault.ODATA_CODE, "The query parameter " + option + " is not supported");
    }

    private static Integer top(String text) {
        if (text == null) {
            return null;
        }
        try {
            int top = Integer.parseInt(text.trim());
            if (top >= 0) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw DataverseFault.badRequest(DataverseFault.ODATA_CODE, "Invalid value '" + text + "' for $top query option found. "
                + "The $top query option requires a non-negative integer value.");
    }

    private Comparator<SimRecord> order(SimTable table, String orderBy) {
        if (orderBy == null) {
            return null;
        }
        Comparator<SimRecord> order = null;
        for (String part : orderBy.split(",")) {
            String[] words = part.trim().split("\\s+");
            SimColumn column = table.queryProperty(words[0]);
            if (column == null) {
                throw DataverseFault.unknownQueryProperty(words[0], table.logicalName);
            }
            boolean descending = words.length > 1 && words[1].equalsIgnoreCase("desc");
            Comparator<SimRecord> one = Comparator.comparing(
                    (SimRecord r) -> sortable(r.get(column.logicalName)), Comparator.nullsFirst(Comparator.naturalOrder()));
            if (descending) {
                one = one.reversed();
            }
            order = order == null ? one : order.thenComparing(one);
        }
        return order.thenComparing(SimRecord::id);
    }

    @SuppressWarnings({"rawtypes"})
    private static Comparable sortable(Object value) {
        Object normal = ODataFilter.normalize(value);
        if (normal instanceof String s) {
            return s.toLowerCase(java.util.Locale.ROOT);
        }
        return normal instanceof Comparable c ? c : normal == null ? null : normal.toString();
    }

    private static int start(String skipToken, List<SimRecord> rows, boolean ordered) {
        if (skipToken == null) {
            return 0;
        }
        String token;
        try {
            token = new String(Base64.getUrlDecoder().decode(skipToken), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badSkipToken(skipToken);
        }
        if (!ordered && token.startsWith("k:")) {
            UUID last;
            try {
                last = UUID.fromString(token.substring(2));
            } catch (IllegalArgumentException e) {
                throw badSkipToken(skipToken);
            }
            int index = 0;
            while (index < rows.size() && rows.get(index).id().compareTo(last) <= 0) {
                index++;
            }
            return index;
        }
        if (ordered && token.startsWith("o:")) {
            try {
                return Integer.parseInt(token.substring(2));
            } catch (NumberFormatException e) {
                throw badSkipToken(skipToken);
            }
        }
        throw badSkipToken(skipToken);
    }

    private static DataverseFault badSkipToken(String token) {
        return DataverseFault.badRequest(DataverseFault.ODATA_CODE, "The $skiptoken '" + token
                + "' is not valid for this query: follow @odata.nextLink unchanged.");
    }

    private String nextLink(SimRequest request, SimTable table, String token) {
        StringBuilder query = new StringBuilder();
        if (request.rawQuery() != null) {
            for (String pair : request.rawQuery().split("&")) {
                if (!pair.isEmpty() && !SimRequest.decode(pair.split("=", 2)[0]).equals("$skiptoken")) {
                    query.append(query.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        query.append(query.length() == 0 ? "" : "&").append("$skiptoken=")
                .append(Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        return state.baseUrl + table.entitySet + "?" + query;
    }

    static boolean includeAnnotations(SimRequest request) {
        return request.preferences().containsKey("odata.include-annotations");
    }

    // ---- update / upsert / delete ----------------------------------------------------------------------------

    SimRecord find(SimTable table, EntityReferences.Key key) {
        if (key.id() != null) {
            return state.store.get(table.logicalName, key.id());
        }
        UUID id = references.findByAlternateKey(table, key.alternate());
        return id == null ? null : state.store.get(table.logicalName, id);
    }

    private DataverseFault missing(SimTable table, EntityReferences.Key key) {
        if (key.id() != null) {
            return DataverseFault.recordMissing(table.logicalName, key.id());
        }
        return new DataverseFault(404, DataverseFault.NOT_FOUND_CODE,
                "A record with the specified key values does not exist in " + table.logicalName + " entity");
    }

    private SimResponse upsert(SimRequest request, RequestContext context, SimTable table, EntityReferences.Key key) {
        JsonNode body = JsonBodies.read(request, table.entitySet);
        List<SimColumn> select = RecordJson.select(table, request.query().get("$select"));
        String ifMatch = request.header("If-Match");
        String ifNoneMatch = request.header("If-None-Match");
        boolean[] created = new boolean[1];
        SimRecord record = state.store.atomically(() -> {
            SimRecord existing = find(table, key);
            if (existing != null) {
                if ("*".equals(trim(ifNoneMatch))) {
                    throw DataverseFault.duplicate(412);
                }
                if (ifMatch != null && !"*".equals(trim(ifMatch))
                        && !trim(ifMatch).equals("W/\"" + existing.version() + "\"")) {
                    throw new DataverseFault(412, DataverseFault.VERSION_MISMATCH_CODE,
                            "The version of the existing record doesn't match the RowVersion property provided.");
                }
                return writer.update(table, existing, body, context);
            }
            if (ifMatch != null) {
                throw missing(table, key);
            }
            created[0] = true;
            return upsertCreate(table, key, body, context);
        });
        return written(request, table, record, created[0], select);
    }

    /** The create half of an upsert: the URL's key becomes the row's id or its alternate-key values. */
    SimRecord upsertCreate(SimTable table, EntityReferences.Key key, JsonNode body, RequestContext context) {
        if (key.id() != null) {
            return writer.create(table, body, key.id(), context, 412);
        }
        UUID bodyId = writer.bodyId(table, body);
        UUID id = bodyId != null ? bodyId : state.store.newId();
        Map<String, Object> changes = new LinkedHashMap<>(writer.validator().changes(table, body, null, id));
        key.alternate().forEach((column, value) -> {
            SimColumn keyColumn = table.column(column);
            changes.put(column, keyColumn.type.isLookup() && value instanceof UUID id2
                    ? new SimRef(keyColumn.targets.get(0), id2)
                    : writer.validator().convert(table, keyColumn, keyValue(value)));
        });
        return writer.insert(table, id, changes, context);
    }

    private static JsonNode keyValue(Object value) {
        if (value instanceof String s) {
            return SimResponse.JSON.getNodeFactory().textNode(s);
        }
        if (value instanceof java.math.BigDecimal d) {
            java.math.BigDecimal plain = d.stripTrailingZeros();
            return plain.scale() <= 0 ? SimResponse.JSON.getNodeFactory().numberNode(plain.longValue())
                    : SimResponse.JSON.getNodeFactory().numberNode(d);
        }
        return SimResponse.JSON.getNodeFactory().textNode(String.valueOf(value));
    }

    private static String trim(String header) {
        return header == null ? null : header.trim();
    }

    private SimResponse delete(RequestContext context, SimTable table, EntityReferences.Key key) {
        state.store.atomically(() -> {
            SimRecord existing = find(table, key);
            if (existing == null) {
                throw missing(table, key);
            }
            writer.delete(table, existing.id(), context);
        });
        return SimResponse.noContent();
    }

    /** {@code PUT x(id)/column {"value":…}}, {@code DELETE x(id)/column}, {@code DELETE x(id)/nav/$ref}. */
    private SimResponse property(SimRequest request, RequestContext context, SimTable table, EntityReferences.Key key,
                                 String property) {
        String name = property.endsWith("/$ref") ? property.substring(0, property.length() - 5) : property;
        ObjectNode change = SimResponse.JSON.createObjectNode();
        if (request.method().equals("DELETE")) {
            if (property.endsWith("/$ref")) {
                if (!table.navigations.containsKey(name)) {
                    throw DataverseFault.unknownQueryProperty(name, table.logicalName);
                }
                change.putNull(name + "@odata.bind");
            } else {
                change.putNull(name);
            }
        } else if (request.method().equals("PUT") && !property.endsWith("/$ref")) {
            JsonNode body = JsonBodies.read(request, table.entitySet);
            change.set(name, body.get("value"));
        } else if (request.method().equals("PUT")) {
            JsonNode body = JsonBodies.read(request, table.entitySet);
            change.set(name + "@odata.bind", body.get("@odata.id"));
        } else {
            throw methodNotAllowed(request);
        }
        state.store.atomically(() -> {
            SimRecord existing = find(table, key);
            if (existing == null) {
                throw missing(table, key);
            }
            return writer.update(table, existing, change, context);
        });
        return SimResponse.noContent();
    }
}
