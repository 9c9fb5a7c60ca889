package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.camel.impl.DefaultCamelContext;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.report.VerificationReport;
import org.profid365.migrator.verify.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Checks, after a full run, that everything the migration wrote is in Dynamics as the approved mapping says. */
@Command(name = "verify", description = "After migrate --full: counts per object type and table, every written record "
        + "present in Dynamics, every lookup pointing at a record, every owner an enabled user, and every field of every "
        + "migrated record read back and compared with what the approved mapping makes of its Profi record. Writes "
        + "reports/verify.html and reports/verify.json. Exit 1 on any discrepancy, 3 when the mapping is not approved.")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        MappingLoader.LoadedMapping mapping = MappingLoader.load(Path.of(config.get("migrator.mapping.file",
                "mapping/mapping.yaml")));
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.start();
            try (DataverseConnection dv = DataverseConnection.open(camel, config);
                 MigratorContext ctx = MigratorContext.open(config)) {
                dv.startUp();
                return run(ctx, dv, mapping);
            }
        } finally {
            camel.close();
        }
    }

    /** The verification and its reports; shared with {@code demo}. */
    static int run(MigratorContext ctx, DataverseConnection dv, MappingLoader.LoadedMapping mapping) throws Exception {
        Optional<String> unapproved = new MappingApprovals(ctx).unapprovedReason(mapping);
        if (unapproved.isPresent()) {
            System.err.println("preflight failed: " + unapproved.get());
            return ExitCodes.PREFLIGHT_FAILED;
        }
        Verification.Result r = new Verification(ctx, dv, mapping).run();
        System.out.print(VerificationReport.text(r));
        Path dir = ctx.config().workDir().resolve("reports");
        Path html = VerificationReport.writeHtml(r, dir);
        Path json = VerificationReport.writeJson(r, dir);
        System.out.println("Reports: " + html + " and " + json);
        return r.discrepancies() == 0 ? ExitCodes.OK : ExitCodes.REJECTED_RECORDS;
    }
}
