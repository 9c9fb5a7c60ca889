package org.profid365.migrator.mapping;

import java.util.Locale;

/** How a Profi email resolved against the Dynamics {@code systemuser} table. */
public enum OwnerStatus {
    /** An enabled user has this email: it owns the records itself. */
    MATCHED,
    /** Only a disabled user has this email; Dynamics refuses disabled owners (0x80040225), so the fallback owns. */
    DISABLED,
    /** No user has this email: the fallback owns. */
    UNMATCHED;

    /** The lower-case name used in the state store and the reports. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
