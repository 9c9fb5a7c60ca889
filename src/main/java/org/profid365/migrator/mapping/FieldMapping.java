package org.profid365.migrator.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * How one Profi field is written to Dynamics. Exactly one of {@code column}, {@code lookup} or {@code owner} says
 * where it goes.
 *
 * @param column        target column logical name
 * @param transform     applied in order: trim, lower, upper, title, phone, url, html-to-text, integer, decimal,
 *                      money, boolean, date, datetime, list (";" to the target's separator)
 * @param currencyField for money: the Profi field holding the ISO-4217 code (becomes {@code transactioncurrencyid})
 * @param maxLength     the target column's length; longer values follow {@code tooLong}
 * @param tooLong       {@code reject} (the record goes to the dead letters) or {@code truncate} (cut and flagged)
 * @param values        value map for choice columns: every source value seen, with its target option value
 *                      (null = leave the column empty)
 * @param unknown       a value not in {@code values}: {@code reject}, {@code empty} (flagged), or {@code keep-text}
 *                      (column empty, the text written to {@code unknownTextColumn})
 * @param lookup        the field holds a Profi id of another object: bind the record made from it
 * @param owner         the field holds an owner email, resolved by {@code owners}
 * @param defaultValue  written when the source is empty (stated here, never implied)
 * @param create        the column does not exist yet: schema provisioning creates it so
 * @param confidence    from propose-map: high, medium or low
 * @param reason        from propose-map: one line on why this column was chosen
 * @param also          further columns that receive the same value (declared in the target's columns when custom)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"column", "lookup", "owner", "transform", "currencyField", "maxLength", "tooLong", "values", "unknown",
        "unknownTextColumn", "also", "defaultValue", "create", "confidence", "reason"})
public record FieldMapping(String column, List<String> transform, String currencyField, Integer maxLength, String tooLong,
                           Map<String, Integer> values, String unknown, String unknownTextColumn, Lookup lookup, Boolean owner,
                           Object defaultValue, NewColumn create, String confidence, String reason, List<String> also) {

    /**
     * A reference to another mapped object.
     *
     * @param object     the Profi object type the id belongs to ({@code company})
     * @param navigation the single-valued navigation property to bind through ({@code parentcustomerid_account});
     *                   custom lookups use the lookup's SchemaName, case-sensitive
     */
    public record Lookup(String object, String navigation) {
    }

    /**
     * A custom column schema provisioning creates.
     *
     * @param type      String, Memo, Integer, Decimal, Money, DateOnly, DateTime, Boolean, Picklist, MultiSelectPicklist,
     *                  Lookup
     * @param format    for String: Text, Email, Url, Phone
     * @param options   for choices: option value to label
     * @param target    for Lookup: the table it points at
     * @param cascade   for Lookup: what deleting the target does to this record (Cascade, RemoveLink, Restrict)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewColumn(String type, String label, Integer maxLength, String format, Integer precision,
                            Map<Integer, String> options, String target, String cascade) {
    }
}
