package org.profid365.migrator.sim.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated org's whole state ({@link DataverseSimulator#stateJson()}) without what differs between two runs that
 * wrote the same thing: when rows were written ({@code modifiedon}, and {@code createdon} where no original creation
 * time was sent) and their row versions. Two runs that wrote the same records with the same columns, links and
 * states compare equal; a record missing, added or written with other values shows up in {@link #differences}.
 */
public final class OrgSnapshot {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VOLATILE = List.of("modifiedon", "versionnumber");

    private final ObjectNode root;

    private OrgSnapshot(ObjectNode root) {
        this.root = root;
    }

    public static OrgSnapshot of(DataverseSimulator sim) throws IOException {
        return of(sim.stateJson());
    }

    /** The same from a state dump a test has edited (e.g. one application user's id put in place of another's). */
    public static OrgSnapshot of(String stateJson) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(stateJson);
        ObjectNode records = JSON.createObjectNode();
        root.path("records").fields().forEachRemaining(table -> {
            String key = root.path("tables").path(table.getKey()).path("primaryId").asText();
            ObjectNode byId = records.putObject(table.getKey()); // rows by primary key, so a missing one is one line
            for (JsonNode row : table.getValue()) {
                ObjectNode r = (ObjectNode) row;
                r.remove(VOLATILE);
                if (!r.has("overriddencreatedon")) {
                    r.remove("createdon");
                }
                byId.set(r.path(key).asText(), r);
            }
        });
        root.set("records", records);
        return new OrgSnapshot(root);
    }

    /** Rows per table. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        root.path("records").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().size()));
        return out;
    }

    /** Ids of the tasks that are closed (completed or canceled). */
    public java.util.Set<String> closedTasks() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        root.path("records").path("task").fields().forEachRemaining(e -> {
            if (e.getValue().path("statecode").asInt(0) != 0) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    /** The first {@code limit} differences from {@code other}, one line each (path, this value, other value). */
    public List<String> differences(OrgSnapshot other, int limit) {
        List<String> out = new ArrayList<>();
        diff("", root, other.root, out, limit);
        return out;
    }

    /**
     * As {@link #differences}, leaving out the publish log: the simulator's history of publish requests, not state of
     * the org, which only grows (a rollback of the schema publishes again).
     */
    public List<String> differencesBesidesPublishes(OrgSnapshot other, int limit) {
        ObjectNode mine = root.deepCopy();
        ObjectNode theirs = other.root.deepCopy();
        mine.remove("publishes");
        theirs.remove("publishes");
        List<String> out = new ArrayList<>();
        diff("", mine, theirs, out, limit);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out, int limit) {
        if (out.size() >= limit || a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeMap<String, Boolean> names = new TreeMap<>();
            a.fieldNames().forEachRemaining(n -> names.put(n, true));
            b.fieldNames().forEachRemaining(n -> names.put(n, true));
            for (String n : names.keySet()) {
                JsonNode x = a.get(n);
                JsonNode y = b.get(n);
                if (x == null || y == null) {
                    out.add(path + "/" + n + ": " + shorten(x) + " vs " + shorten(y));
                } else {
                    diff(path + "/" + n, x, y, out, limit);
                }
                if (out.size() >= limit) {
                    return;
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            int i = 0;
            while (ia.hasNext() || ib.hasNext()) {
                JsonNode x = ia.hasNext() ? ia.next() : null;
                JsonNode y = ib.hasNext() ? ib.next() : null;
                if (x == null || y == null) {
                    out.add(path + "[" + i + "]: " + shorten(x) + " vs " + shorten(y));
                } else {
                    diff(path + "[" + i + "]", x, y, out, limit);
                }
                if (out.size() >= limit) {
                    return;
                }
                i++;
            }
            return;
        }
        out.add(path + ": " + shorten(a) + " vs " + shorten(b));
    }

    private static String shorten(JsonNode n) {
        if (n == null) {
            return "(none)";
        }
        String s = n.toString();
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
