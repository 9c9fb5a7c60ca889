package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.Preflight;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Loads the staged records into Dynamics 365 through the YAML load routes, after the preflight. */
@Command(name = "migrate", description = "Load every pending staged record into Dynamics 365 in the order of the object "
        + "map (route migrate-full), after the preflight (approved mapping, schema in place, owners resolved; exit 3 "
        + "otherwise). Resumes where an interrupted run stopped. Exit 1 when some records went to the dead letters.")
final class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--full", required = true, description = "Load every pending record.")
        boolean full;
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
            return run(ctx, camel, dv, mapping, Edition.parse(config.get("dataverse.edition", "sales-professional")));
        }
    }

    /** The preflight, then the load; shared with {@code demo}. */
    static int run(MigratorContext ctx, CamelRuntime camel, DataverseConnection dv, MappingLoader.LoadedMapping mapping,
                   Edition edition) throws Exception {
        Preflight.Result preflight = Preflight.check(ctx, dv, mapping, edition);
        if (!preflight.ok()) {
            System.err.println("preflight failed: " + preflight.failures().size() + " problem(s); no record was written");
            preflight.failures().forEach(f -> System.err.println("  - " + f));
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
}
