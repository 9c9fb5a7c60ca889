package org.profid365.migrator.delta;

import java.util.List;

/** The preflight of a delta found problems: nothing was written (exit code 3 on the command line). */
public final class PreflightFailedException extends RuntimeException {

    private final List<String> failures;

    public PreflightFailedException(List<String> failures) {
        super("preflight failed: " + String.join("; ", failures));
        this.failures = List.copyOf(failures);
    }

    public List<String> failures() {
        return failures;
    }
}
