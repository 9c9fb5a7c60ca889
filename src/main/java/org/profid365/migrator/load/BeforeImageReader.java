package org.profid365.migrator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseRequest;
import org.profid365.migrator.dataverse.DataverseResponse;
import org.profid365.migrator.dataverse.ODataLiteral;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.dataverse.TableRef;

/**
 * Reads what a change is about to overwrite in an existing Dynamics record: plain columns as Dataverse answers them,
 * lookups (named as {@code <navigation>@odata.bind}) through their {@code _<column>_value} and kept in bind form
 * ({@code "/accounts(<id>)"}, null when empty), so restoring a before-image is a write of the same shape.
 */
public final class BeforeImageReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private static final String BIND = "@odata.bind";
    private static final String LOGICAL_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname";

    private final DataverseConnection dv;
    /** Per table: navigation property -> lookup column, read from the table's many-to-one relationships. */
    private final Map<String, Map<String, String>> lookups = new ConcurrentHashMap<>();
    /** Per table: "lookup column/referenced table" -> navigation property (the bind that restores that value). */
    private final Map<String, Map<String, String>> navigations = new ConcurrentHashMap<>();
    private final Map<String, String> entitySets = new ConcurrentHashMap<>();

    public BeforeImageReader(DataverseConnection dv) {
        this.dv = dv;
    }

    /** The current values of {@code columns} of one record; empty when the record no longer exists. */
    public Optional<ObjectNode> read(TableRef table, UUID id, Collection<String> columns) {
        Map<String, String> select = new LinkedHashMap<>();
        for (String c : columns) {
            select.put(c, c.endsWith(BIND) ? "_" + lookupColumn(table.logicalName(), c) + "_value" : c);
        }
        String path = table.recordPath(id) + "?$select=" + ODataQuery.encode(String.join(",",
                select.values().stream().distinct().toList()));
        DataverseResponse response = dv.client().execute(DataverseRequest.get(path)
                .withHeader("Prefer", "odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\""));
        if (response.status() == 404) {
            return Optional.empty();
        }
        JsonNode row = response.requireSuccess().json();
        ObjectNode before = JSON.objectNode();
        select.forEach((column, property) -> {
            JsonNode v = row.path(property);
            if (!column.endsWith(BIND)) {
                before.set(column, v.isMissingNode() ? JSON.nullNode() : v);
            } else if (v.isMissingNode() || v.isNull()) {
                before.putNull(column);
            } else {
                String logical = row.path(property + LOGICAL_NAME).asText(null);
                // a polymorphic lookup may point at another table than the new bind does (a task's regarding
                // moving from a contact to a lead): the before-image names the navigation property of its own table
                String nav = logical == null ? null : navigation(table.logicalName(), lookupColumn(table.logicalName(), column),
                        logical);
                before.put(nav == null ? column : nav + BIND,
                        logical == null ? v.asText() : "/" + entitySet(logical) + "(" + v.asText() + ")");
            }
        });
        return Optional.of(before);
    }

    /** The lookup column a navigation property ({@code parentcustomerid_account@odata.bind}) sets. */
    public String lookupColumn(String table, String bind) {
        String navigation = bind.endsWith(BIND) ? bind.substring(0, bind.length() - BIND.length()) : bind;
        String column = lookups.computeIfAbsent(table, this::readLookups).get(navigation);
        // ownerid, transactioncurrencyid and the like: the navigation property is named as its column
        return column != null ? column : navigation.toLowerCase(Locale.ROOT);
    }

    /** The navigation property that binds {@code column} of {@code table} to a record of {@code referenced}, if known. */
    private String navigation(String table, String column, String referenced) {
        lookups.computeIfAbsent(table, this::readLookups);
        return navigations.getOrDefault(table, Map.of()).get(column + "/" + referenced);
    }

    private Map<String, String> readLookups(String table) {
        Map<String, String> out = new ConcurrentHashMap<>();
        Map<String, String> navs = new ConcurrentHashMap<>();
        try {
            DataverseResponse r = dv.client().execute(DataverseRequest.get("EntityDefinitions(LogicalName="
                    + ODataQuery.encode(ODataLiteral.string(table)) + ")/ManyToOneRelationships"
                    + "?$select=ReferencedEntity,ReferencingAttribute,ReferencingEntityNavigationPropertyName"));
            if (r.isSuccess()) {
                for (JsonNode rel : r.json().path("value")) {
                    String nav = rel.path("ReferencingEntityNavigationPropertyName").asText("");
                    String col = rel.path("ReferencingAttribute").asText("");
                    if (!nav.isEmpty() && !col.isEmpty()) {
                        out.put(nav, col);
                        navs.put(col + "/" + rel.path("ReferencedEntity").asText(""), nav);
                    }
                }
            }
        } catch (RuntimeException e) {
            // without the relationships the navigation names stand for their columns (true for the simple lookups)
        }
        navigations.put(table, navs);
        return out;
    }

    private String entitySet(String logicalName) {
        return entitySets.computeIfAbsent(logicalName, n -> dv.metadata().entitySetName(n));
    }
}
