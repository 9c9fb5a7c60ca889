package org.profid365.migrator.profi;

/** The kind of value a Profi column holds, as the export contract (profi-source.md) defines it. */
public enum ColumnType {
    /** A Profi identifier: any non-blank text. */
    ID,
    TEXT,
    EMAIL,
    /** A whole number. */
    INTEGER,
    /** A decimal number written with a dot. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** {@code YYYY-MM-DD}. */
    DATE,
    /** ISO-8601; without an offset it is in the manifest's time zone. */
    TIMESTAMP,
    /** An ISO-4217 currency code. */
    CURRENCY,
    /** One of a fixed list of values; unknown values are kept and reported, the value map decides later. */
    ENUM,
    /** {@code ;}-separated values. */
    LIST,
    URL
}
