package org.profid365.migrator.cli;

import java.io.PrintStream;
import org.profid365.migrator.pipeline.StagingResult;

/** Prints a staging result as a table. */
final class StagingPrinter {

    private StagingPrinter() {
    }

    static void print(PrintStream out, String source, StagingResult r) {
        out.printf("Staged %s (run %d)%n", source, r.runId());
        out.printf("  %-20s %10s %10s %10s %10s %10s%n", "object", "read", "added", "changed", "unchanged", "rejected");
        r.byObject().forEach((k, c) -> out.printf("  %-20s %,10d %,10d %,10d %,10d %,10d%n", k, c.read(), c.added(), c.changed(),
                c.unchanged(), c.rejected()));
        out.printf("  %-20s %,10d %,10d %,10d %,10d %,10d%n", "total", r.total(StagingResult.Counts::read),
                r.total(StagingResult.Counts::added), r.total(StagingResult.Counts::changed),
                r.total(StagingResult.Counts::unchanged), r.rejected());
        if (r.rejected() > 0) {
            out.printf("  %,d records were rejected; each is in the dead-letter table with its file, line, field and reason.%n",
                    r.rejected());
        }
    }
}
