package org.profid365.migrator.cli;

/** The process exit codes; scripts and schedulers depend on them. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Done, and some records were rejected (they are in the dead-letter store). */
    public static final int REJECTED_RECORDS = 1;
    /** Usage or configuration error: nothing was done. */
    public static final int USAGE_OR_CONFIG = 2;
    /** A preflight check failed: no record moved. */
    public static final int PREFLIGHT_FAILED = 3;
    /** The run failed part-way (database or network gone); the ledger says where, running again resumes. */
    public static final int FAILED = 4;

    private ExitCodes() {
    }
}
