package org.profid365.migrator.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.profid365.migrator.dataverse.ColumnInfo;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.DataverseException;
import org.profid365.migrator.dataverse.DataverseRequest;
import org.profid365.migrator.dataverse.ODataLiteral;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.dataverse.TableRef;

/**
 * What the read-back needs to know of a target table, from the org's metadata (each table read once): the type of
 * every column, the table's entity set and key, and the lookup column behind each navigation property.
 *
 * <p>A navigation property ({@code parentcustomerid_account}, {@code profi_ContactId}) is written as
 * {@code <navigation>@odata.bind} but read back as {@code _<lookup column>_value}. The column comes from the
 * table's many-to-one relationships ({@code ReferencingEntityNavigationPropertyName} → {@code ReferencingAttribute});
 * navigations no relationship lists ({@code ownerid}, {@code transactioncurrencyid} on most tables) follow the
 * documented naming rule: the navigation in lower case when it is a lookup column of the table, else with its last
 * {@code _<segment>} dropped until it is one ({@code regardingobjectid_contact_task} → {@code regardingobjectid}).
 */
public final class TargetColumns {

    private static final Set<String> LOOKUP_TYPES = Set.of("Lookup", "Owner", "Customer");

    private final DataverseConnection dv;
    private final Map<String, Map<String, String>> types = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> navigations = new ConcurrentHashMap<>();

    public TargetColumns(DataverseConnection dv) {
        this.dv = dv;
    }

    public TableRef table(String logicalName) {
        return dv.metadata().tableRef(logicalName);
    }

    /** The AttributeType of a column ({@code String}, {@code Lookup}, {@code MultiSelectPicklistType}, ...); null if none. */
    public String type(String table, String column) {
        return types(table).get(column);
    }

    public boolean exists(String table, String column) {
        return types(table).containsKey(column);
    }

    public boolean isLookup(String table, String column) {
        String t = type(table, column);
        return t != null && LOOKUP_TYPES.contains(t);
    }

    /** The lookup column a navigation property of {@code table} sets (see the class comment). */
    public String lookupColumn(String table, String navigation) {
        Map<String, String> navs = navigations(table);
        String exact = navs.get(navigation);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : navs.entrySet()) {
            if (e.getKey().equalsIgnoreCase(navigation)) {
                return e.getValue();
            }
        }
        String name = navigation.toLowerCase(Locale.ROOT);
        while (true) {
            if (isLookup(table, name)) {
                return name;
            }
            int cut = name.lastIndexOf('_');
            if (cut <= 0) {
                return navigation.toLowerCase(Locale.ROOT);
            }
            name = name.substring(0, cut);
        }
    }

    /** The property a lookup column is read as: {@code _<column>_value}. */
    public static String readName(String lookupColumn) {
        return "_" + lookupColumn + "_value";
    }

    private Map<String, String> types(String table) {
        return types.computeIfAbsent(table, t -> {
            Map<String, String> out = new LinkedHashMap<>();
            try {
                for (ColumnInfo c : dv.metadata().columns(t)) {
                    out.put(c.logicalName(), c.type());
                }
            } catch (DataverseException e) {
                if (e.error().status() != 404) {
                    throw e;
                }
            }
            return out;
        });
    }

    private Map<String, String> navigations(String table) {
        return navigations.computeIfAbsent(table, t -> {
            Map<String, String> out = new HashMap<>();
            try {
                JsonNode j = dv.client().execute(DataverseRequest.get("EntityDefinitions(LogicalName="
                        + ODataQuery.encode(ODataLiteral.string(t)) + ")/ManyToOneRelationships"
                        + "?$select=ReferencingAttribute,ReferencingEntityNavigationPropertyName")).requireSuccess().json();
                for (JsonNode r : j.path("value")) {
                    String nav = r.path("ReferencingEntityNavigationPropertyName").asText(null);
                    String column = r.path("ReferencingAttribute").asText(null);
                    if (nav != null && column != null && !nav.isEmpty()) {
                        out.put(nav, column);
                    }
                }
            } catch (DataverseException e) {
                // an org that does not serve the relationships: the naming rule applies to every navigation
            }
            return out;
        });
    }
}
