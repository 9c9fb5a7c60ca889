package org.profid365.migrator.sim.dataverse;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads entity addresses: {@code accounts(<guid>)}, {@code /accounts(<guid>)}, absolute URLs, and alternate keys
 * {@code profi_coaches(profi_profiid='C-1')}, which resolve only through an Active key.
 */
final class EntityReferences {

    private static final Pattern ENTITY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\((.*)\\)");

    /**
     * The key inside the parentheses.
     *
     * @param id        the primary key, or null
     * @param alternate alternate key column to value, or null
     */
    record Key(UUID id, Map<String, Object> alternate) {
    }

    private final SimState state;

    EntityReferences(SimState state) {
        this.state = state;
    }

    /** The table and id an {@code @odata.bind} value addresses; the row must exist for alternate keys. */
    SimRef resolve(String url, String contextSet) {
        String path = url;
        int api = path.indexOf("/api/data/");
        if (api >= 0) {
            path = path.substring(api + "/api/data/".length());
            path = path.substring(path.indexOf('/') + 1);
        }
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        Matcher m = ENTITY.matcher(path);
        if (!m.matches()) {
            throw DataverseFault.badPayload(contextSet, "Microsoft.OData.ODataException: The URL '" + url
                    + "' in an @odata.bind annotation does not address a single entity.");
        }
        SimTable table = state.metadata.tableBySet(m.group(1));
        if (table == null) {
            throw DataverseFault.segmentNotFound(m.group(1));
        }
        Key key = parseKey(table, m.group(2));
        UUID id = key.id() != null ? key.id() : findByAlternateKey(table, key.alternate());
        if (id == null) {
            throw new DataverseFault(404, DataverseFault.NOT_FOUND_CODE,
                    "A record with the specified key values does not exist in " + table.logicalName + " entity");
        }
        return new SimRef(table.logicalName, id);
    }

    /** Parses {@code <guid>} or {@code col='v',col2=5}. */
    Key parseKey(SimTable table, String text) {
        String trimmed = text.trim();
        if (GuidText.isGuid(trimmed)) {
            return new Key(UUID.fromString(trimmed), null);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        while (i < trimmed.length()) {
            int eq = trimmed.indexOf('=', i);
            if (eq < 0) {
                throw badKey(table, text);
            }
            String name = trimmed.substring(i, eq).trim();
            int j = eq + 1;
            Object value;
            if (j < trimmed.length() && trimmed.charAt(j) == '\'') {
                StringBuilder literal = new StringBuilder();
                j++;
                while (true) {
                    if (j >= trimmed.length()) {
                        throw badKey(table, text);
                    }
                    char c = trimmed.charAt(j);
                    if (c == '\'') {
                        if (j + 1 < trimmed.length() && trimmed.charAt(j + 1) == '\'') {
                            literal.append('\'');
                            j += 2;
                            continue;
                        }
                        j++;
                        break;
                    }
                    literal.append(c);
                    j++;
                }
                value = literal.toString();
            } else {
                int comma = trimmed.indexOf(',', j);
                String raw = (comma < 0 ? trimmed.substring(j) : trimmed.substring(j, comma)).trim();
                j = comma < 0 ? trimmed.length() : comma;
                if (GuidText.isGuid(raw)) {
                    value = UUID.fromString(raw);
                } else {
                    try {
                        value = new BigDecimal(raw);
                    } catch (NumberFormatException e) {
                        throw badKey(table, text);
                    }
                }
            }
            SimColumn column = table.column(name);
            if (column == null) {
                throw DataverseFault.unknownQueryProperty(name, table.logicalName);
            }
            values.put(name, value);
            while (j < trimmed.length() && (trimmed.charAt(j) == ' ' || trimmed.charAt(j) == ',')) {
                j++;
            }
            i = j;
        }
        if (values.isEmpty()) {
            throw badKey(table, text);
        }
        return new Key(null, values);
    }

    /** The row whose Active alternate key has these values, or null; 400 when no such key is Active. */
    UUID findByAlternateKey(SimTable table, Map<String, Object> values) {
        SimAlternateKey key = usableKey(table, values);
        List<UUID> ids = state.store.withKey(table.logicalName, key.attributes, values);
        return ids.isEmpty() ? null : ids.stream().min(UUID::compareTo).orElseThrow(); // the first in key order
    }

    SimAlternateKey usableKey(SimTable table, Map<String, Object> values) {
        SimAlternateKey key = table.keyFor(values.keySet());
        if (key == null) {
            throw DataverseFault.badRequest(DataverseFault.KEY_NOT_USABLE_CODE, "The entity key with attributes "
                    + values.keySet() + " is not defined for entity '" + table.logicalName + "'.");
        }
        if (!key.active()) {
            throw DataverseFault.badRequest(DataverseFault.KEY_NOT_USABLE_CODE, "The entity key '" + key.schemaName
                    + "' of entity '" + table.logicalName + "' cannot be used: its EntityKeyIndexStatus is "
                    + key.status + ", not Active.");
        }
        return key;
    }

    private static DataverseFault badKey(SimTable table, String text) {
        return DataverseFault.badRequest(DataverseFault.ODATA_CODE, "Bad Request - Error in query syntax: the key '"
                + text + "' of '" + table.entitySet + "' is not a GUID or a list of name=value pairs.");
    }
}
