package org.profid365.migrator.cli;

import java.util.concurrent.Callable;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs the service: Camel Main with the YAML routes (the inbox among them) until stopped. */
@Command(name = "serve", description = "Run the routes (the inbox under the work directory among them) until stopped (Ctrl-C, SIGTERM).")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Override
    public Integer call() throws Exception {
        try (MigratorContext ctx = MigratorContext.open(parent.config())) {
            java.nio.file.Files.createDirectories(ctx.config().workDir().resolve("inbox"));
            System.out.println("Serving. Drop Profi export .zip files into " + ctx.config().workDir().resolve("inbox").toAbsolutePath());
            String cron = ctx.config().get("migrator.delta.cron");
            System.out.println(cron == null ? "No delta schedule (migrator.delta.cron is empty): run delta by hand."
                    : "Deltas on the cron '" + cron + "' (migrator.delta.cron) until cutover --close.");
            CamelRuntime.runUntilStopped(ctx);
        }
        return ExitCodes.OK;
    }
}
