package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.report.Inventory;
import org.profid365.migrator.report.InventoryBuilder;
import org.profid365.migrator.report.InventoryReport;
import org.profid365.migrator.runtime.CamelRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Reports what the staged Profi data holds: counts, custom fields, and the traps found. */
@Command(name = "inventory", description = "Count the staged records, infer custom-field types, list the traps found; "
        + "writes reports/inventory.json and reports/inventory.html under the work directory.")
final class InventoryCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Option(names = "--source", paramLabel = "SOURCE", description = "Stage this export or API first (directory, .zip or URL).")
    String source;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        try (MigratorContext ctx = MigratorContext.open(config)) {
            if (source != null) {
                try (CamelRuntime camel = CamelRuntime.start(ctx, Map.of())) {
                    StagingResult r = StageCommand.stage(camel, source, null);
                    StagingPrinter.print(System.out, source, r);
                }
            }
            Path reports = report(ctx);
            System.out.println("Reports: " + reports.resolve("inventory.html") + " and " + reports.resolve("inventory.json"));
            return ExitCodes.OK;
        }
    }

    /** Builds the inventory, prints its table and writes its files; returns the reports folder. */
    static Path report(MigratorContext ctx) throws Exception {
        Inventory inv = new InventoryBuilder(ctx).build();
        System.out.println(InventoryReport.table(inv));
        Path dir = ctx.config().workDir().resolve("reports");
        InventoryReport.writeJson(inv, dir);
        InventoryReport.writeHtml(inv, dir);
        return dir;
    }
}
