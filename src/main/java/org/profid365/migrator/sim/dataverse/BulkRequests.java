package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code CreateMultiple}, {@code UpdateMultiple}, {@code UpsertMultiple} bound to an entity set [bulk-operations]:
 * every Target typed with {@code @odata.type}; all or nothing on standard tables (the first bad record fails the
 * request with its own error and nothing is written); one request for service protection, costing every record.
 */
final class BulkRequests {

    static final List<String> MESSAGES = List.of("CreateMultiple", "UpdateMultiple", "UpsertMultiple");

    private final SimState state;
    private final RecordWriter writer;
    private final RecordRequests records;
    private final EntityReferences references;

    BulkRequests(SimState state, RecordWriter writer, RecordRequests records) {
        this.state = state;
        this.writer = writer;
        this.records = records;
        this.references = new EntityReferences(state);
    }

    SimResponse handle(SimRequest request, RequestContext context, String entitySet, String message) {
        SimTable table = records.table(entitySet);
        if (!MESSAGES.contains(message)) {
            throw DataverseFault.segmentNotFound("Microsoft.Dynamics.CRM." + message);
        }
        if (!request.method().equals("POST")) {
            throw DataverseFault.noResource(state.baseUrl + request.resource());
        }
        if (!supported(table, message)) {
            throw DataverseFault.invalidArgument("The '" + message + "' method does not support entities of type '"
                    + table.logicalName + "'. MessageProcessorCache returned MessageProcessor.Empty.");
        }
        JsonNode body = JsonBodies.read(request, table.entitySet);
        JsonNode targets = body.path("Targets");
        if (!targets.isArray()) {
            throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: The parameter 'Targets' "
                    + "of the action '" + message + "' is missing or not a collection.");
        }
        for (JsonNode target : targets) {
            checkType(table, target);
        }
        return switch (message) {
            case "CreateMultiple" -> createMultiple(table, targets, context);
            case "UpdateMultiple" -> updateMultiple(table, targets, context);
            default -> upsertMultiple(table, targets, context);
        };
    }

    boolean supported(SimTable table, String message) {
        return table.writable && state.bulkSupport.getOrDefault(table.logicalName + "/" + message, true);
    }

    private static void checkType(SimTable table, JsonNode target) {
        String type = target.path("@odata.type").asText(null);
        if (type == null) {
            throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: A Target has no "
                    + "'@odata.type' annotation; each item of Targets must declare '" + table.entityType() + "'.");
        }
        String bare = type.startsWith("#") ? type.substring(1) : type;
        if (!bare.equals(table.entityType())) {
            throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: A Target of type '" + bare
                    + "' was found, but the entity set '" + table.entitySet + "' needs '" + table.entityType() + "'.");
        }
    }

    private SimResponse createMultiple(SimTable table, JsonNode targets, RequestContext context) {
        List<UUID> ids = state.store.atomically(() -> {
            List<UUID> created = new ArrayList<>();
            for (JsonNode target : targets) {
                created.add(writer.create(table, target, null, context, state.options.duplicateCreateStatus()).id());
            }
            return created;
        });
        ObjectNode answer = SimResponse.JSON.createObjectNode();
        answer.put("@odata.context", state.baseUrl + "$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse");
        ArrayNode array = answer.putArray("Ids");
        ids.forEach(id -> array.add(id.toString()));
        return SimResponse.json(200, answer);
    }

    private SimResponse updateMultiple(SimTable table, JsonNode targets, RequestContext context) {
        state.store.atomically(() -> {
            for (JsonNode target : targets) {
                UUID id = writer.bodyId(table, target);
                if (id == null) {
                    throw DataverseFault.invalidArgument("Entity Id must be specified for Update");
                }
                SimRecord existing = state.store.get(table.logicalName, id);
                if (existing == null) {
                    throw DataverseFault.recordMissing(table.logicalName, id);
                }
                writer.update(table, existing, target, context);
            }
        });
        return SimResponse.noContent();
    }

    private SimResponse upsertMultiple(SimTable table, JsonNode targets, RequestContext context) {
        List<EntityReferences.Key> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode target : targets) {
            EntityReferences.Key key = identity(table, target);
            keys.add(key);
            if (key != null) {
                String text = key.id() != null ? key.id().toString() : key.alternate().entrySet().stream()
                        .map(e -> e.getKey() + "=" + String.valueOf(e.getValue()).toLowerCase(java.util.Locale.ROOT))
                        .sorted().collect(Collectors.joining(","));
                if (!seen.add(text)) {
                    throw DataverseFault.badRequest(DataverseFault.DUPLICATE_CODE, "The Targets of UpsertMultiple contain "
                            + "the key " + text + " more than once: each record may appear only once in a request.");
                }
            }
        }
        state.store.atomically(() -> {
            for (int i = 0; i < keys.size(); i++) {
                JsonNode target = withoutId(targets.get(i));
                EntityReferences.Key key = keys.get(i);
                SimRecord existing = key == null ? null : records.find(table, key);
                if (existing != null) {
                    writer.update(table, existing, target, context);
                } else if (key == null) {
                    writer.create(table, target, null, context, 412);
                } else {
                    records.upsertCreate(table, key, target, context);
                }
            }
        });
        return SimResponse.noContent();
    }

    /** The primary key in the body, an {@code @odata.id} address, or the values of an Active alternate key; else null. */
    private EntityReferences.Key identity(SimTable table, JsonNode target) {
        UUID id = writer.bodyId(table, target);
        if (id != null) {
            return new EntityReferences.Key(id, null);
        }
        String address = target.path("@odata.id").asText(null);
        if (address != null) {
            int open = address.indexOf('(');
            if (open < 0 || !address.endsWith(")")) {
                throw DataverseFault.badPayload(table.entitySet, "Microsoft.OData.ODataException: '@odata.id' must address "
                        + "an entity, not '" + address + "'.");
            }
            return references.parseKey(table, address.substring(open + 1, address.length() - 1));
        }
        for (SimAlternateKey key : table.keys) {
            if (key.active() && key.attributes.stream().allMatch(a -> target.hasNonNull(a))) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (String attribute : key.attributes) {
                    JsonNode value = target.get(attribute);
                    values.put(attribute, value.isNumber() ? value.decimalValue() : value.asText());
                }
                return new EntityReferences.Key(null, values);
            }
        }
        return null;
    }

    private static JsonNode withoutId(JsonNode target) {
        if (!target.has("@odata.id")) {
            return target;
        }
        ObjectNode copy = target.deepCopy();
        copy.remove("@odata.id");
        return copy;
    }
}
