package org.profid365.migrator.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.rollback.RollbackJob;
import org.profid365.migrator.rollback.RollbackRun;
import org.profid365.migrator.runtime.CamelRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Returns Dynamics 365 to its state before the migration, through the YAML route {@code rollback}. */
@Command(name = "rollback", description = "Undo the migration in Dynamics 365 (route rollback): restore the before-image "
        + "of every record it updated, delete every record it created by its recorded id, children before parents, and "
        + "set the staged records back to pending. A record that existed before and would be deleted by a cascade is "
        + "unlinked first (or, with --pre-existing=stop, the rollback stops: exit 3). Resumes an interrupted rollback; "
        + "a second run does nothing. Exit 4 when some records could not be undone (run it again).")
final class RollbackCommand implements Callable<Integer> {

    private static final int LISTED = 50;

    @ParentCommand
    MigratorCommand parent;

    @Option(names = "--dry-run", description = "Print what would be deleted and restored (from the state store); write nothing.")
    boolean dryRun;

    @Option(names = "--pre-existing", paramLabel = "unlink|stop", description = "What to do with a record that existed "
            + "before the migration and points at a created one through a cascading relationship "
            + "(default: migrator.rollback.pre-existing-children).")
    String preExisting;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        RollbackRun.PreExisting mode = RollbackRun.PreExisting.parse(preExisting != null ? preExisting
                : config.get("migrator.rollback.pre-existing-children", "unlink"));
        try (MigratorContext ctx = MigratorContext.open(config)) {
            if (dryRun) {
                RollbackJob.Plan plan = RollbackJob.plan(ctx);
                System.out.println("Rollback plan (nothing written):");
                plan.deletes().forEach((table, n) -> System.out.printf("  delete %,d %s%n", n, table));
                System.out.printf("  restore the before-image of %,d record(s)%n", plan.restores());
                return ExitCodes.OK;
            }
            try (CamelRuntime camel = CamelRuntime.start(ctx, Map.of());
                 DataverseConnection dv = DataverseConnection.open(camel.context(), config)) {
                dv.startUp();
                return report(RollbackJob.run(camel, ctx, dv, mode));
            }
        }
    }

    static int report(RollbackJob.Outcome o) {
        if ("refused".equals(o.status())) {
            System.err.println("rollback refused: " + o.stoppedBecause());
            return ExitCodes.PREFLIGHT_FAILED;
        }
        Map<String, Long> c = o.counters();
        System.out.printf("Run %d (rollback) %s: %,d deleted, %,d restored, %,d pre-existing record(s) unlinked%n",
                o.runId(), o.status(), c.getOrDefault("deleted", 0L), c.getOrDefault("restored", 0L),
                c.getOrDefault("unlinked", 0L));
        c.forEach((k, v) -> {
            if (k.startsWith("deleted.")) {
                System.out.printf("  %s: %,d deleted%n", k.substring("deleted.".length()), v);
            }
        });
        list("Unlinked (audit_log operation 'update', before-image = the link):", o.unlinked());
        if (!o.blocked().isEmpty()) {
            list("Pre-existing records a delete would cascade into (nothing of theirs was deleted):", o.blocked());
            System.err.println("rollback stopped: " + o.stoppedBecause());
            System.err.println("Unlink or move them, or run: rollback --pre-existing=unlink");
            return ExitCodes.PREFLIGHT_FAILED;
        }
        list("Not undone:", o.failures());
        if (!"succeeded".equals(o.status())) {
            System.err.println("rollback incomplete" + (o.stoppedBecause() == null ? "" : ": " + o.stoppedBecause())
                    + "; run it again to resume");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private static void list(String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        System.out.println(title);
        lines.stream().limit(LISTED).forEach(l -> System.out.println("  " + l));
        if (lines.size() > LISTED) {
            System.out.printf("  … and %,d more%n", lines.size() - LISTED);
        }
    }
}
