package org.profid365.migrator.dataverse;

/** {@code EntityKeyIndexStatus} of an alternate key: usable only when Active. [dataverse.md Schema] */
public enum KeyIndexStatus {
    PENDING, IN_PROGRESS, ACTIVE, FAILED;

    static KeyIndexStatus parse(String s) {
        return switch (s == null ? "" : s) {
            case "Active" -> ACTIVE;
            case "Failed" -> FAILED;
            case "InProgress" -> IN_PROGRESS;
            default -> PENDING;
        };
    }

    public boolean isFinal() {
        return this == ACTIVE || this == FAILED;
    }
}
