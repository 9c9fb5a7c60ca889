package org.profid365.migrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.sim.ExportGenerator;
import org.profid365.migrator.sim.GeneratedCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The whole story on the embedded defaults, for a first look: generate demo data, stage it into the embedded
 * PostgreSQL through the routes, and print the inventory. Later releases extend it to the migration itself.
 */
@Command(name = "demo", description = "Generate demo data, stage it into the embedded database, print the inventory report.")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Option(names = "--clients", defaultValue = "500", description = "Clients in the demo export (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the demo export (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        Path export = config.workDir().resolve("demo").resolve("profi-export-" + clients + "-" + seed);
        if (!Files.isRegularFile(export.resolve("manifest.json"))) {
            System.out.println("1/3 Generating a Profi export of " + clients + " clients (seed " + seed + ") in " + export);
            GeneratedCounts g = new ExportGenerator(clients, seed).writeTo(export);
            System.out.printf("    %,d records, traps planted: %s%n", g.total(), g.traps());
        } else {
            System.out.println("1/3 Reusing the demo export in " + export);
        }
        try (MigratorContext ctx = MigratorContext.open(config)) {
            System.out.println("2/3 Staging it into " + (ctx.store().isEmbedded()
                    ? "the embedded PostgreSQL under " + config.workDir().resolve("pg") : "the configured PostgreSQL"));
            StagingResult r;
            try (CamelRuntime camel = CamelRuntime.start(ctx, Map.of())) {
                r = StageCommand.stage(camel, export.toString(), null);
            }
            StagingPrinter.print(System.out, export.toString(), r);
            System.out.println("  In the demo they are the generator's planted traps: out-of-range dates, orphans, broken values.");
            System.out.println("3/3 Inventory");
            Path reports = InventoryCommand.report(ctx);
            System.out.println();
            System.out.println("Demo done. Reports: " + reports.resolve("inventory.html").toAbsolutePath());
            System.out.println("Next releases continue from here: map proposal, schema, sample, full load into Dynamics 365.");
        }
        return ExitCodes.OK;
    }
}
