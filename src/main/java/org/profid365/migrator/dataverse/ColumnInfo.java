package org.profid365.migrator.dataverse;

/**
 * One column of a table as the metadata API describes it.
 *
 * @param type the AttributeType (String, Memo, Integer, Decimal, Money, DateTime, Boolean, Picklist, Lookup, ...);
 *             multi-select choices report their AttributeTypeName ({@code MultiSelectPicklistType})
 */
public record ColumnInfo(String logicalName, String type, String label) {
}
