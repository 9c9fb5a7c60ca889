package org.profid365.migrator.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
import org.profid365.migrator.schema.SchemaChanges;
import org.profid365.migrator.schema.SchemaProvisioner;
import org.profid365.migrator.rollback.RollbackJob;
import org.profid365.migrator.rollback.RollbackRun;
import org.profid365.migrator.sim.ExportChanges;
import org.profid365.migrator.sim.ExportFolders;
import org.profid365.migrator.sim.ExportGenerator;
import org.profid365.migrator.sim.GeneratedCounts;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.OrgSnapshot;
import org.profid365.migrator.sim.dataverse.StagedOrg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The whole story on the embedded defaults, against an in-process simulated Dynamics 365: generate demo data, stage
 * it, report the inventory, propose and approve the mapping, provision the schema, resolve owners, load a sample and
 * diff it field by field, load everything, verify it, pick up a day of changes with a delta, roll it all back, and
 * check the org is as it was before the migration.
 */
@Command(name = "demo", description = "The whole migration on demo data against a simulated Dynamics 365: generate, "
        + "stage, inventory, propose and approve the mapping, schema, owners, a sample with its field-level diff, the "
        + "full load, verify, a delta with changed records, rollback, and a check that the org is back to its state "
        + "before the migration. Prints a summary and the paths of the reports.")
final class DemoCommand implements Callable<Integer> {

    private static final String FALLBACK_OWNER = "migration.owner@demo.example";
    private static final int STEPS = 13;

    @ParentCommand
    MigratorCommand parent;

    @Option(names = "--clients", defaultValue = "500", description = "Clients in the demo export (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the demo export (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sample", defaultValue = "60", description = "Records in the sample run (default ${DEFAULT-VALUE}).")
    int sample;

    private int step;
    private final List<String> summary = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (DataverseSimulator sim = DataverseSimulator.start(DataverseSimOptions.defaults())) {
            // the demo's simulated org has its own fallback user; a configured one would not exist there
            MigratorConfig base = parent.config();
            MigratorConfig config = base.with("migrator.owners.fallback", FALLBACK_OWNER)
                    .with("migrator.mapping.file", base.workDir().resolve("demo").resolve("mapping.yaml").toString())
                    .with("dataverse.url", sim.baseUrl().toString())
                    .with("dataverse.token", sim.issueToken("migration"));
            return story(config, sim);
        }
    }

    private int story(MigratorConfig config, DataverseSimulator sim) throws Exception {
        Path demoDir = config.workDir().resolve("demo");
        Path export = demoDir.resolve("profi-export-" + clients + "-" + seed);
        if (!Files.isRegularFile(export.resolve("manifest.json"))) {
            step("Generating a Profi export of " + clients + " clients (seed " + seed + ") in " + export);
            GeneratedCounts g = new ExportGenerator(clients, seed).writeTo(export);
            System.out.printf("    %,d records, traps planted: %s%n", g.total(), g.traps());
        } else {
            step("Reusing the demo export in " + export);
        }
        Path reports = config.workDir().resolve("reports");
        Edition edition = Edition.parse(config.get("dataverse.edition", "sales-professional"));
        try (MigratorContext ctx = MigratorContext.open(config)) {
            step("Staging it into " + (ctx.store().isEmbedded()
                    ? "the embedded PostgreSQL under " + config.workDir().resolve("pg") : "the configured PostgreSQL"));
            try (CamelRuntime routes = CamelRuntime.start(ctx, Map.of())) {
                StagingResult r = StageCommand.stage(routes, export.toString(), null);
                forgetEarlierDemoRuns(ctx, r.exportId());
                StagingPrinter.print(System.out, export.toString(), r);
                System.out.println("  In the demo they are the generator's planted traps: out-of-range dates, orphans, broken values.");
                step("Inventory");
                InventoryCommand.report(ctx);

                try (DataverseConnection dv = DataverseConnection.open(routes.context(), config)) {
                    dv.startUp();
                    StagedOrg.seed(ctx.store().dataSource(), ctx.migration().id(), sim, FALLBACK_OWNER);
                    // what the business had in Dynamics before the migration wrote anything, its schema included
                    // (proposing and approving the mapping only read the org)
                    OrgSnapshot before = OrgSnapshot.of(sim);
                    MappingLoader.LoadedMapping mapping = proposeApproveAndProvision(ctx, dv, edition);

                    step("Resolving owners in the simulated org (" + sim.baseUrl() + "): a user per active coach, "
                            + "disabled users for coaches who left, the fallback owner " + FALLBACK_OWNER);
                    OwnerResolution owners = new OwnerResolver(ctx, dv.reader()).resolve();
                    System.out.println(OwnerReport.table(owners));
                    OwnerReport.writeCsv(owners, reports);
                    OwnerReport.writeHtml(owners, reports);

                    step("A sample of about " + sample + " records, read back and diffed field by field (migrate --sample " + sample + ")");
                    int sampleExit = MigrateCommand.runSample(ctx, routes, dv, mapping, edition, sample);
                    if (sampleExit == ExitCodes.PREFLIGHT_FAILED) {
                        return sampleExit;
                    }
                    summary.add("sample: reports/sample-diff.html (" + (sampleExit == ExitCodes.OK ? "no mismatch"
                            : "the planted traps show as not migrated, with their dead letters") + ")");

                    step("Loading everything else; the sample's records are not written again (migrate --full)");
                    int loadExit = MigrateCommand.run(ctx, routes, dv, mapping, edition);
                    if (loadExit == ExitCodes.PREFLIGHT_FAILED) {
                        return loadExit;
                    }
                    summary.add(String.format("full load: %,d records in Dynamics, %,d dead letters (dead-letters list)",
                            count(ctx, "select count(*) from id_map where migration_id = ? and state = 'confirmed'"),
                            count(ctx, "select count(*) from dead_letter where migration_id = ? and replay_state <> 'resolved'")));

                    step("Verifying every migrated record against Dynamics (verify)");
                    int verifyExit = VerifyCommand.run(ctx, dv, mapping);
                    summary.add("verify: reports/verify.html (" + (verifyExit == ExitCodes.OK ? "no discrepancy" : "discrepancies listed") + ")");

                    step("A day later: a new export with changed, added and deleted records (delta)");
                    ExportChanges.Applied changes = nextDayExport(ctx, export, demoDir);
                    System.out.printf("    %s: new phone numbers for %s, prospect %s added, note %s deleted%n",
                            changes.export(), changes.changedClients(), changes.addedClient(), changes.deletedNote());
                    DeltaCommand.Result delta = DeltaCommand.run(ctx, routes, changes.export().toString(), System.out, System.err);
                    summary.add(delta.run() == null ? "delta: failed" : "delta: run " + delta.run().runId() + " "
                            + delta.run().status() + ", " + count(ctx, "select count(*) from audit_log where migration_id = ? "
                            + "and run_id = ?", delta.run().runId()) + " writes");

                    step("Rolling the migration back, its schema included (rollback --schema)");
                    int rollbackExit = RollbackCommand.report(RollbackJob.run(routes, ctx, dv,
                            RollbackRun.PreExisting.UNLINK, true));

                    step("Checking the org is as it was before the migration (every record, column and schema component)");
                    List<String> differences = OrgSnapshot.of(sim).differencesBesidesPublishes(before, 10);
                    if (differences.isEmpty()) {
                        System.out.println("    Identical: " + before.counts());
                    } else {
                        System.out.println("    It differs from before the migration:");
                        differences.forEach(d -> System.out.println("      " + d));
                    }
                    summary.add("rollback: " + (rollbackExit == ExitCodes.OK && differences.isEmpty()
                            ? "the org is back to its state before the migration" : "NOT back to its state before the migration"));
                    if (rollbackExit != ExitCodes.OK || !differences.isEmpty()) {
                        printSummary(reports, demoDir);
                        return ExitCodes.FAILED;
                    }
                }
            }
            printSummary(reports, demoDir);
        }
        // the demo data carries planted traps, so dead letters are expected; only a failed step fails the demo
        return ExitCodes.OK;
    }

    private MappingLoader.LoadedMapping proposeApproveAndProvision(MigratorContext ctx, DataverseConnection dv,
                                                                  Edition edition)
            throws Exception {
        step("Proposing the mapping from the default object map, the data and the org's columns (propose-map)");
        // the same file propose-map writes: header, the default's comments, a note per proposed value
        Path mappingFile = Path.of(ctx.config().get("migrator.mapping.file"));
        Files.writeString(mappingFile, new MappingProposer(ctx, TargetMetadata.of(dv.metadata())).proposal().yaml(),
                StandardCharsets.UTF_8);
        MappingLoader.LoadedMapping loaded = MappingLoader.load(mappingFile);
        System.out.print(MappingSummary.of(loaded.mapping()).text().lines().limit(12)
                .map(l -> "    " + l + "\n").reduce("", String::concat));

        step("Approving it (approve-map --yes): SHA-256 " + loaded.sha256());
        new MappingApprovals(ctx).approve(loaded, "demo");

        step("Provisioning the schema (schema --apply)");
        SchemaProvisioner provisioner = SchemaProvisioner.of(dv, loaded.mapping(), edition,
                new SchemaChanges(ctx.store().dataSource(), ctx.migration().id()));
        // the full plan is what `schema --dry-run` prints; the demo shows its totals
        SchemaPlanPrinter.table(provisioner.dryRun()).lines()
                .filter(l -> !l.startsWith("create ") && !l.startsWith("exists ") && !l.startsWith("ACTION"))
                .forEach(l -> System.out.println("    " + l));
        SchemaProvisioner.Applied applied = provisioner.apply();
        System.out.println("    " + applied.done().size() + " schema changes made in the simulated org"
                + (applied.plan().hasProblems() ? "; problems: " + applied.plan().problems() : ""));
        return loaded;
    }

    /** The next day's export: three loaded clients with a new phone number, a new prospect, a deleted note. */
    private static ExportChanges.Applied nextDayExport(MigratorContext ctx, Path export, Path demoDir) throws Exception {
        List<String> changed = new ArrayList<>();
        String note = null;
        try (Connection c = ctx.store().connection()) {
            try (PreparedStatement ps = c.prepareStatement("select profi_id from staged_with_state where migration_id = ? "
                    + "and object_type = 'client' and load_state = 'loaded' order by profi_id limit 3")) {
                ps.setLong(1, ctx.migration().id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changed.add(rs.getString(1));
                    }
                }
            }
            // a note no file hangs off, so its deletion leaves nothing behind in the export
            try (PreparedStatement ps = c.prepareStatement("select n.profi_id from staged_with_state n where n.migration_id = ? "
                    + "and n.object_type = 'note' and n.load_state = 'loaded' and not exists (select 1 from staged_record f "
                    + "where f.migration_id = n.migration_id and f.object_type = 'file' and f.payload->>'note_id' = n.profi_id) "
                    + "order by n.profi_id limit 1")) {
                ps.setLong(1, ctx.migration().id());
                try (ResultSet rs = ps.executeQuery()) {
                    note = rs.next() ? rs.getString(1) : null;
                }
            }
        }
        Path next = demoDir.resolve(export.getFileName() + "-next-day");
        ExportFolders.delete(next);
        return ExportChanges.nextDay(export, next, changed, note);
    }

    private void step(String what) {
        System.out.println();
        System.out.println(++step + "/" + STEPS + " " + what);
    }

    private void printSummary(Path reports, Path demoDir) {
        System.out.println();
        System.out.println("Demo summary");
        summary.forEach(s -> System.out.println("  " + s));
        System.out.println("Reports in " + reports.toAbsolutePath() + ": inventory.html, owners.html, sample-diff.html "
                + "and .csv, verify.html and .json, delta-<run>-deletions.csv; mapping: " + demoDir.toAbsolutePath().resolve("mapping.yaml"));
        System.out.println("Against a real org: the same commands one by one (README), or serve with the web console.");
    }

    /** A count of the demo's migration ({@code sql}'s first parameter), with {@code more} parameters after it. */
    private static long count(MigratorContext ctx, String sql, long... more) throws Exception {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, ctx.migration().id());
            for (int i = 0; i < more.length; i++) {
                ps.setLong(i + 2, more[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The simulated org is new on every demo run while the demo's state store is kept, so what an earlier demo run
     * wrote is not in this org: forget it ({@link LoadHistory}) so this run tells the story again, and drop the
     * records only an earlier run's next-day export brought. Only the demo does this; against a real org the state
     * store is the truth.
     */
    private static void forgetEarlierDemoRuns(MigratorContext ctx, long exportId) throws Exception {
        LoadHistory.forget(ctx); // first: its samples point at staged records dropped below
        String notInExport = "s.migration_id = ? and s.last_seen_export is distinct from ?";
        try (Connection c = ctx.store().connection()) {
            c.setAutoCommit(false);
            for (String sql : new String[] {
                    "delete from dead_letter d where exists (select 1 from staged_record s where " + notInExport
                            + " and s.migration_id = d.migration_id and s.object_type = d.object_type and s.profi_id = d.profi_id)",
                    "delete from staged_record s where " + notInExport}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, ctx.migration().id());
                    ps.setLong(2, exportId);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
