package org.profid365.migrator.mapping;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.profid365.migrator.dataverse.ColumnInfo;

/**
 * Finds a column that already exists on the target table and fits a Profi custom field, so the proposal reuses it
 * instead of creating a new one: the migrator's own {@code <prefix>_<key>} from an earlier run, a column whose name
 * or label is the field's name or label, or a known synonym (mobile/cell, zip/postal, ...). Types must be
 * compatible; columns the mapping already writes are never offered twice.
 */
final class ExistingColumnMatcher {

    /** A reusable column and why it was chosen. */
    record Match(ColumnInfo column, String confidence, String reason) {
    }

    /** Normalised names that mean the same standard column. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("mobile", "mobilephone"), Map.entry("cell", "mobilephone"), Map.entry("cellphone", "mobilephone"),
            Map.entry("mobilenumber", "mobilephone"), Map.entry("handy", "mobilephone"),
            Map.entry("phone", "telephone1"), Map.entry("telephone", "telephone1"), Map.entry("workphone", "telephone1"),
            Map.entry("zip", "address1postalcode"), Map.entry("zipcode", "address1postalcode"),
            Map.entry("postal", "address1postalcode"), Map.entry("postalcode", "address1postalcode"),
            Map.entry("postcode", "address1postalcode"), Map.entry("plz", "address1postalcode"),
            Map.entry("position", "jobtitle"), Map.entry("role", "jobtitle"), Map.entry("title", "jobtitle"),
            Map.entry("birthday", "birthdate"), Map.entry("dob", "birthdate"), Map.entry("dateofbirth", "birthdate"),
            Map.entry("website", "websiteurl"), Map.entry("homepage", "websiteurl"), Map.entry("url", "websiteurl"),
            Map.entry("secondaryemail", "emailaddress2"), Map.entry("email2", "emailaddress2"),
            Map.entry("nickname", "nickname"), Map.entry("preferredname", "nickname"),
            Map.entry("spouse", "spousesname"), Map.entry("partner", "spousesname"));

    /** Which existing column types a Profi custom-field type can be written to. */
    private static final Map<String, Set<String>> COMPATIBLE = Map.ofEntries(
            Map.entry("text", Set.of("String", "Memo")), Map.entry("long_text", Set.of("Memo")),
            Map.entry("url", Set.of("String")), Map.entry("email", Set.of("String")), Map.entry("phone", Set.of("String")),
            Map.entry("number", Set.of("Integer", "Decimal", "Double", "BigInt")),
            Map.entry("decimal", Set.of("Decimal", "Double", "Money")), Map.entry("date", Set.of("DateTime")),
            Map.entry("datetime", Set.of("DateTime")), Map.entry("boolean", Set.of("Boolean")),
            Map.entry("single_select", Set.of("Picklist")), Map.entry("multi_select", Set.of("MultiSelectPicklistType")));

    private ExistingColumnMatcher() {
    }

    static Optional<Match> find(String prefix, String key, String label, String type, List<ColumnInfo> columns,
                                Collection<String> alreadyWritten) {
        Set<String> fits = COMPATIBLE.getOrDefault(type, Set.of("String", "Memo"));
        String own = prefix + "_" + key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String byKey = norm(key);
        String byLabel = label == null ? "" : norm(label);
        for (ColumnInfo c : columns) {
            if (c.logicalName().equals(own) && !alreadyWritten.contains(c.logicalName()) && fits.contains(c.type())) {
                return Optional.of(new Match(c, "high", "column " + own + " (" + c.type() + ") already exists: reused"));
            }
        }
        for (ColumnInfo c : columns) {
            if (alreadyWritten.contains(c.logicalName()) || c.logicalName().startsWith(prefix + "_") || !fits.contains(c.type())) {
                continue;
            }
            String name = norm(c.logicalName());
            String columnLabel = norm(c.label());
            if (name.equals(byKey) || name.equals(byLabel) || (!columnLabel.isEmpty()
                    && (columnLabel.equals(byKey) || columnLabel.equals(byLabel)))) {
                return Optional.of(new Match(c, "medium", "name '" + key + "' matches the existing column "
                        + c.logicalName() + " (" + c.type() + ")"));
            }
            if (name.equals(SYNONYMS.get(byKey)) || name.equals(SYNONYMS.get(byLabel))) {
                return Optional.of(new Match(c, "medium", "'" + (label == null ? key : label) + "' is a synonym of the existing column "
                        + c.logicalName() + " (" + c.type() + ")"));
            }
        }
        return Optional.empty();
    }

    private static String norm(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
