package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.camel.impl.DefaultCamelContext;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.OwnerResolution;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.report.OwnerReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Matches the staged owners to Dynamics users and reports where every record's ownership will go. */
@Command(name = "owners", description = "Match every Profi owner, coach and author email to an enabled Dynamics user "
        + "(unmatched and disabled ones go to migrator.owners.fallback); writes reports/owners.csv and reports/owners.html "
        + "under the work directory. Exits 3 when some records would have no owner.")
final class OwnersCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        OwnerResolution resolution;
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.start();
            // Dataverse settings first: a missing DATAVERSE_URL is a configuration error before any database work
            try (DataverseConnection dv = DataverseConnection.open(camel, config);
                 MigratorContext ctx = MigratorContext.open(config)) {
                dv.startUp();
                resolution = new OwnerResolver(ctx, dv.reader()).resolve();
            }
        } finally {
            camel.close();
        }
        System.out.println(OwnerReport.table(resolution));
        Path dir = config.workDir().resolve("reports");
        Path csv = OwnerReport.writeCsv(resolution, dir);
        Path html = OwnerReport.writeHtml(resolution, dir);
        System.out.println("Reports: " + html + " and " + csv);
        if (!resolution.preflightOk()) {
            System.err.println("preflight failed:");
            resolution.reasons().forEach(r -> System.err.println("  " + r));
            return ExitCodes.PREFLIGHT_FAILED;
        }
        return ExitCodes.OK;
    }
}
