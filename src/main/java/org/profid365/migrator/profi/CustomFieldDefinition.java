package org.profid365.migrator.profi;

import java.util.List;

/** One row of custom_fields.csv: the {@code cf_<key>} column of an entity's file and the type of its values. */
public record CustomFieldDefinition(String entity, String key, String label, String type, List<String> options) {

    public String column() {
        return "cf_" + key;
    }

    static CustomFieldDefinition from(ProfiRecord r) {
        String opts = r.get("options");
        List<String> options = opts == null ? List.of() : List.of(opts.split(";")).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new CustomFieldDefinition(r.get("entity"), r.get("key"), r.get("label"), r.get("type"), options);
    }
}
