package org.profid365.migrator.profi;

import java.util.List;

/**
 * One standard column of a Profi export file.
 *
 * @param name       the header name
 * @param type       how its text is read
 * @param required   a record without it is rejected
 * @param references the object an id in this column must exist in (null when it is not a reference)
 * @param values     the documented values of an ENUM column (others are kept and reported as unknown)
 */
public record Column(String name, ColumnType type, boolean required, ProfiObject references, List<String> values) {

    static Column of(String name, ColumnType type) {
        return new Column(name, type, false, null, List.of());
    }

    static Column required(String name, ColumnType type) {
        return new Column(name, type, true, null, List.of());
    }

    static Column ref(String name, ProfiObject target, boolean required) {
        return new Column(name, ColumnType.ID, required, target, List.of());
    }

    static Column oneOf(String name, String... values) {
        return new Column(name, ColumnType.ENUM, false, null, List.of(values));
    }

    Column andRequired() {
        return new Column(name, type, true, references, values);
    }
}
