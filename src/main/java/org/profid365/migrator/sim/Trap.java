package org.profid365.migrator.sim;

/**
 * The traps of profi-source.md ("Known traps") that the generator plants, with the key under which
 * {@link GeneratedCounts#traps()} counts them and how often a client carries one.
 *
 * <p>Several constants may share a key (an unknown status can sit in five files); the rate is the chance that
 * one client carries the trap at least once, kept low so that most of the data is clean. A rate of 0 means the
 * trap arises elsewhere (per package, per note, per invoice) and the client-level roll only pins it once.
 */
enum Trap {
    PROSPECT("prospect", 0.20),
    CO_MANAGED_CLIENT("co_managed_client", 0.015),
    INACTIVE_COACH("inactive_coach", 0),
    DUPLICATE_EMAIL("duplicate_email", 0.008),
    MISSING_LAST_NAME("missing_last_name", 0.01),
    INVALID_EMAIL("invalid_email", 0.006),
    NON_LATIN_NAME("non_latin_name", 0.012),
    APOSTROPHE_NAME("apostrophe_name", 0.008),
    UNKNOWN_LIFECYCLE_STAGE("unknown_status", 0.004),
    UNKNOWN_SESSION_STATUS("unknown_status", 0.004),
    UNKNOWN_INVOICE_STATUS("unknown_status", 0.002),
    UNKNOWN_PAYMENT_STATUS("unknown_status", 0.004),
    UNKNOWN_ENROLLMENT_STATUS("unknown_status", 0.003),
    BIRTHDATE_OUT_OF_RANGE("date_out_of_range", 0.003),
    SESSION_DATE_OUT_OF_RANGE("date_out_of_range", 0.003),
    ORPHAN_SESSION("orphan_session", 0.003),
    ORPHAN_PAYMENT("orphan_payment", 0.003),
    ORPHAN_NOTE("orphan_note", 0.003),
    /** Counted per session: a package paid for it but its package_id is empty (most package sessions, see ClientHistory). */
    BROKEN_PACKAGE_LINK("broken_package_link", 0),
    /** A session paid by a package that the rebuild rule cannot find (booked after the package expired). */
    UNREBUILDABLE_PACKAGE_LINK("unrebuildable_package_link", 0.01),
    RECORDING_URL("recording_url", 0.08),
    GROUP_SESSION("group_session", 0.07),
    /** Counted per note; a rate of its own per note (see ClientHistory), pinned to make sure of one. */
    HTML_NOTE("html_note", 0),
    LARGE_NOTE("large_note", 0),
    /** Counted per invoice that no payment row points at; comes from the invoice statuses, pinned to make sure of one. */
    UNPAID_INVOICE("unpaid_invoice", 0),
    PARTIAL_PAYMENT("partial_payment", 0.02),
    FRACTIONAL_NUMBER("fractional_number", 0.01),
    UNDECLARED_OPTION("undeclared_option", 0.006);

    private final String key;
    private final double clientRate;

    Trap(String key, double clientRate) {
        this.key = key;
        this.clientRate = clientRate;
    }

    String key() {
        return key;
    }

    double clientRate() {
        return clientRate;
    }
}
