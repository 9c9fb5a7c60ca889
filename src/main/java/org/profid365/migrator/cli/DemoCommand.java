package org.profid365.migrator.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.impl.DefaultCamelContext;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadHistory;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.MappingProposer;
import org.profid365.migrator.mapping.MappingSummary;
import org.profid365.migrator.mapping.OwnerResolution;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.mapping.TargetMetadata;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.report.OwnerReport;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.schema.SchemaPlanPrinter;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.sim.ExportGenerator;
import org.profid365.migrator.sim.GeneratedCounts;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.StagedOrg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The story so far on the embedded defaults: generate demo data, stage it into the embedded PostgreSQL, print the
 * inventory, then against an in-process simulated Dynamics 365: resolve owners, propose and approve the mapping,
 * and provision the schema. Later releases extend it to the load, verification, delta and rollback.
 */
@Command(name = "demo", description = "Generate demo data, stage it, report the inventory, then against a simulated "
        + "Dynamics 365: resolve owners, propose and approve the mapping, provision the schema.")
final class DemoCommand implements Callable<Integer> {

    private static final String FALLBACK_OWNER = "migration.owner@demo.example";

    @ParentCommand
    MigratorCommand parent;

    @Option(names = "--clients", defaultValue = "500", description = "Clients in the demo export (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the demo export (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        // the demo's simulated org has its own fallback user; a configured one would not exist there
        MigratorConfig config = parent.config().with("migrator.owners.fallback", FALLBACK_OWNER);
        Path demoDir = config.workDir().resolve("demo");
        Path export = demoDir.resolve("profi-export-" + clients + "-" + seed);
        if (!Files.isRegularFile(export.resolve("manifest.json"))) {
            System.out.println("1/8 Generating a Profi export of " + clients + " clients (seed " + seed + ") in " + export);
            GeneratedCounts g = new ExportGenerator(clients, seed).writeTo(export);
            System.out.printf("    %,d records, traps planted: %s%n", g.total(), g.traps());
        } else {
            System.out.println("1/8 Reusing the demo export in " + export);
        }
        Path reports = config.workDir().resolve("reports");
        int loadExit = ExitCodes.OK;
        try (MigratorContext ctx = MigratorContext.open(config)) {
            System.out.println("2/8 Staging it into " + (ctx.store().isEmbedded()
                    ? "the embedded PostgreSQL under " + config.workDir().resolve("pg") : "the configured PostgreSQL"));
            StagingResult r;
            try (CamelRuntime camel = CamelRuntime.start(ctx, Map.of())) {
                r = StageCommand.stage(camel, export.toString(), null);
            }
            StagingPrinter.print(System.out, export.toString(), r);
            System.out.println("  In the demo they are the generator's planted traps: out-of-range dates, orphans, broken values.");
            System.out.println("3/8 Inventory");
            InventoryCommand.report(ctx);

            try (DataverseSimulator sim = DataverseSimulator.start(DataverseSimOptions.defaults())) {
                System.out.println("4/8 Simulated Dynamics 365 at " + sim.baseUrl() + " with a user per active coach, "
                        + "disabled users for coaches who left, and the fallback owner " + FALLBACK_OWNER);
                StagedOrg.seed(ctx.store().dataSource(), ctx.migration().id(), sim, FALLBACK_OWNER);
                MigratorConfig dvConfig = config.with("dataverse.url", sim.baseUrl().toString())
                        .with("dataverse.token", sim.issueToken("migration"));
                DefaultCamelContext camel = new DefaultCamelContext();
                try {
                    camel.start();
                    try (DataverseConnection dv = DataverseConnection.open(camel, dvConfig)) {
                        dv.startUp();
                        OwnerResolution owners = new OwnerResolver(ctx, dv.reader()).resolve();
                        System.out.println(OwnerReport.table(owners));
                        OwnerReport.writeCsv(owners, reports);
                        OwnerReport.writeHtml(owners, reports);

                        System.out.println("5/8 Proposing the mapping from the default object map, the data and the org's columns");
                        // the same file propose-map writes: header, the default's comments, a note per proposed value
                        Path mappingFile = demoDir.resolve("mapping.yaml");
                        Files.writeString(mappingFile, new MappingProposer(ctx, TargetMetadata.of(dv.metadata())).proposal().yaml(),
                                StandardCharsets.UTF_8);
                        MappingLoader.LoadedMapping loaded = MappingLoader.load(mappingFile);
                        System.out.print(MappingSummary.of(loaded.mapping()).text().lines().limit(12)
                                .map(l -> "    " + l + "\n").reduce("", String::concat));

                        System.out.println("6/8 Approving it (approve-map --yes): SHA-256 " + loaded.sha256());
                        new MappingApprovals(ctx).approve(loaded, "demo");

                        System.out.println("7/8 Provisioning the schema (schema --apply)");
                        SchemaProvisioner provisioner = SchemaProvisioner.of(dv, loaded.mapping(), Edition.parse(
                                config.get("dataverse.edition", "sales-professional")));
                        // the full plan is what `schema --dry-run` prints; the demo shows its totals
                        SchemaPlanPrinter.table(provisioner.dryRun()).lines()
                                .filter(l -> !l.startsWith("create ") && !l.startsWith("exists ") && !l.startsWith("ACTION"))
                                .forEach(l -> System.out.println("    " + l));
                        SchemaProvisioner.Applied applied = provisioner.apply();
                        System.out.println("    " + applied.done().size() + " schema changes made in the simulated org"
                                + (applied.plan().hasProblems() ? "; problems: " + applied.plan().problems() : ""));

                        System.out.println("8/8 Loading it into the simulated Dynamics 365 (migrate --full)");
                        LoadHistory.forget(ctx); // the simulated org is new on every demo run
                        try (CamelRuntime routes = CamelRuntime.start(ctx, Map.of())) {
                            loadExit = MigrateCommand.run(ctx, routes, dv, loaded, Edition.parse(
                                    config.get("dataverse.edition", "sales-professional")));
                        }
                    }
                } finally {
                    camel.close();
                }
            }
            System.out.println();
            System.out.println("Demo done. Reports: " + reports.toAbsolutePath().resolve("inventory.html") + ", "
                    + reports.toAbsolutePath().resolve("owners.html") + "; mapping: " + demoDir.toAbsolutePath().resolve("mapping.yaml"));
            System.out.println("Next: migrate --sample N and verify read every record back; rollback undoes the load; dead-letters list shows what did not move.");
        }
        // the demo data carries planted traps, so dead letters are expected; only a failed preflight fails the demo
        return loadExit == ExitCodes.PREFLIGHT_FAILED ? loadExit : ExitCodes.OK;
    }
}
