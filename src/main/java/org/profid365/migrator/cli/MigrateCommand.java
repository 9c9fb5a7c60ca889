package org.profid365.migrator.cli;

import java.nio.file.Path;
import org.profid365.migrator.config.ConfigurationException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.Preflight;
import org.profid365.migrator.report.FieldDiffReport;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.verify.FieldComparison;
import org.profid365.migrator.verify.SampleDiff;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Loads the staged records into Dynamics 365 through the YAML load routes, after the preflight. */
@Command(name = "migrate", description = "Load every pending staged record (--full), or a representative sample of "
        + "about N records with everything they point at (--sample N, then a field-level diff of what Dynamics holds), "
        + "into Dynamics 365 in the order of the object map (route migrate-full), after the preflight (approved mapping, "
        + "schema in place, owners resolved; exit 3 otherwise). Resumes where an interrupted run stopped. Exit 1 when "
        + "some records went to the dead letters or a sampled field differs in Dynamics.")
final class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--full", required = true, description = "Load every pending record.")
        boolean full;

        @Option(names = "--sample", paramLabel = "N", required = true, description = "Load a representative sample of "
                + "about N records (every object type, custom field, value-map entry and trap, with referential closure), "
                + "read it back and write reports/sample-diff.html and .csv.")
        Integer sample;
    }

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        Path file = Path.of(config.get("migrator.mapping.file", "mapping/mapping.yaml"));
        MappingLoader.LoadedMapping mapping = MappingLoader.load(file);
        try (MigratorContext ctx = MigratorContext.open(config);
             CamelRuntime camel = CamelRuntime.start(ctx, Map.of());
             DataverseConnection dv = DataverseConnection.open(camel.context(), config)) {
            dv.startUp();
            Edition edition = Edition.parse(config.get("dataverse.edition", "sales-professional"));
            if (mode.sample != null) {
                return runSample(ctx, camel, dv, mapping, edition, mode.sample);
            }
            return run(ctx, camel, dv, mapping, edition);
        }
    }

    /** The preflight, then the load; shared with {@code demo}. */
    static int run(MigratorContext ctx, CamelRuntime camel, DataverseConnection dv, MappingLoader.LoadedMapping mapping,
                   Edition edition) throws Exception {
        if (!preflight(ctx, dv, mapping, edition)) {
            return ExitCodes.PREFLIGHT_FAILED;
        }
        LoadJob.Outcome o = LoadJob.runFull(camel, ctx, dv, mapping, System.out);
        System.out.printf("Run %d %s: %,d records landed, %,d went to the dead letters%n", o.runId(), o.status(),
                o.landed(), o.rejected());
        if (o.rejected() > 0) {
            System.out.println("See them with: dead-letters list (reasons name the record, the field and the cause)");
            return ExitCodes.REJECTED_RECORDS;
        }
        return ExitCodes.OK;
    }

    /** The preflight, then a sample run and its field-level diff; shared with {@code demo}. */
    static int runSample(MigratorContext ctx, CamelRuntime camel, DataverseConnection dv, MappingLoader.LoadedMapping mapping,
                         Edition edition, int size) throws Exception {
        if (size < 1) {
            throw new ConfigurationException("--sample needs a number of records of at least 1, not " + size);
        }
        if (!preflight(ctx, dv, mapping, edition)) {
            return ExitCodes.PREFLIGHT_FAILED;
        }
        LoadJob.SampleOutcome o = LoadJob.runSample(camel, ctx, dv, mapping, size, System.out);
        System.out.printf("Run %d %s: %,d records landed, %,d went to the dead letters%n", o.load().runId(),
                o.load().status(), o.load().landed(), o.load().rejected());
        SampleDiff.Result diff = SampleDiff.of(ctx, dv, mapping, o.load().runId());
        Path reports = ctx.config().workDir().resolve("reports");
        Path html = FieldDiffReport.writeHtml(diff, reports);
        Path csv = FieldDiffReport.writeCsv(diff, reports);
        System.out.printf("Field-level diff of %,d records: %,d fields match, %,d transformed, %,d mismatch, %,d not migrated%n",
                diff.records(), diff.summary().total(FieldComparison.Status.MATCH),
                diff.summary().total(FieldComparison.Status.TRANSFORMED), diff.mismatches(),
                diff.summary().total(FieldComparison.Status.NOT_MIGRATED));
        System.out.println("Reports: " + html + " and " + csv);
        if (diff.mismatches() > 0 || o.load().rejected() > 0 || diff.notWritten() > 0) {
            if (o.load().rejected() > 0 || diff.notWritten() > 0) {
                System.out.println("See the records that did not move with: dead-letters list");
            }
            return ExitCodes.REJECTED_RECORDS;
        }
        System.out.println("Keep the sample (migrate --full will not write its records again) or roll it back.");
        return ExitCodes.OK;
    }

    private static boolean preflight(MigratorContext ctx, DataverseConnection dv, MappingLoader.LoadedMapping mapping,
                                     Edition edition) throws Exception {
        Preflight.Result preflight = Preflight.check(ctx, dv, mapping, edition);
        if (!preflight.ok()) {
            System.err.println("preflight failed: " + preflight.failures().size() + " problem(s); no record was written");
            preflight.failures().forEach(f -> System.err.println("  - " + f));
        }
        return preflight.ok();
    }
}
