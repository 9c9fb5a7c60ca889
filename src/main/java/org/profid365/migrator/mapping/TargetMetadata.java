package org.profid365.migrator.mapping;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.profid365.migrator.dataverse.ColumnInfo;
import org.profid365.migrator.dataverse.DataverseException;
import org.profid365.migrator.dataverse.MetadataClient;

/** What the proposal needs to know of the target org: the columns a table has, and a choice column's options. */
public interface TargetMetadata {

    /** The table's columns; empty when the table does not exist (yet). */
    List<ColumnInfo> columns(String table);

    Map<Integer, String> choiceOptions(String table, String column);

    /** The org's metadata through the Dataverse client, each table read once. */
    static TargetMetadata of(MetadataClient metadata) {
        Map<String, List<ColumnInfo>> cache = new HashMap<>();
        return new TargetMetadata() {
            @Override
            public List<ColumnInfo> columns(String table) {
                return cache.computeIfAbsent(table, t -> {
                    try {
                        return metadata.columns(t);
                    } catch (DataverseException e) {
                        if (e.error().status() == 404) {
                            return List.of(); // a custom table schema provisioning has not created yet
                        }
                        throw e;
                    }
                });
            }

            @Override
            public Map<Integer, String> choiceOptions(String table, String column) {
                return metadata.choiceOptions(table, column);
            }
        };
    }
}
