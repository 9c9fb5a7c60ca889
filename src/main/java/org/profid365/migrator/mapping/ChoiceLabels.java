package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The option labels a value map is proposed against, from the most specific source that knows the column: the org
 * (options an admin added count too), else the mapping's own {@code create} block, else the documented options of a
 * standard column ({@code /dataverse/tables.json}, transcribed from Microsoft's entity reference).
 */
final class ChoiceLabels {

    private static JsonNode standardTables;

    private ChoiceLabels() {
    }

    /** The column types whose options the org can list. */
    private static final Set<String> CHOICE_TYPES = Set.of("Picklist", "MultiSelectPicklistType", "State", "Status");

    /**
     * Option value → label; empty when no source knows the column. A column the org has with another type is left
     * to schema provisioning, which reports it as incompatible.
     */
    static Map<Integer, String> of(TargetMetadata org, String table, String column, FieldMapping.NewColumn create) {
        if (org != null && org.columns(table).stream()
                .anyMatch(c -> c.logicalName().equals(column) && CHOICE_TYPES.contains(c.type()))) {
            return org.choiceOptions(table, column);
        }
        if (create != null && create.options() != null) {
            return create.options();
        }
        return standard(table, column);
    }

    /** The documented options of a standard choice column; empty for any other column. */
    static Map<Integer, String> standard(String table, String column) {
        Map<Integer, String> out = new LinkedHashMap<>();
        JsonNode options = standardTables().path(table).path("columns").path(column).path("options");
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> o = it.next();
            // state and status options carry their label in an object; plain choices are the label itself
            out.put(Integer.valueOf(o.getKey()), o.getValue().isTextual() ? o.getValue().asText()
                    : o.getValue().path("label").asText());
        }
        return out;
    }

    private static synchronized JsonNode standardTables() {
        if (standardTables == null) {
            try (InputStream in = ChoiceLabels.class.getResourceAsStream("/dataverse/tables.json")) {
                if (in == null) {
                    throw new IllegalStateException("/dataverse/tables.json is missing from the jar");
                }
                standardTables = new ObjectMapper().readTree(in).path("tables");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return standardTables;
    }
}
