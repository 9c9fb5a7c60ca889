package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.load.DeadLetterReplay;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.Preflight;
import org.profid365.migrator.report.DeadLetterReport;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;
import org.profid365.migrator.store.DeadLetterQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists, exports and replays the records that could not move. */
@Command(name = "dead-letters", description = "The records that could not move, with record, field and reason.",
        subcommands = {DeadLettersCommand.List.class, DeadLettersCommand.Export.class, DeadLettersCommand.Replay.class})
final class DeadLettersCommand {

    @ParentCommand
    MigratorCommand parent;

    /** The filters every subcommand takes. */
    static class Filter {
        @Option(names = "--stage", description = "Only this stage: stage, reference (staging), or a load stage "
                + "(coaches, accounts, clients, enrollments-payments, tasks, notes-files).")
        String stage;

        @Option(names = "--reason", description = "Only dead letters whose reason contains this text (case-insensitive).")
        String reason;

        DeadLetterQuery query(MigratorContext ctx) {
            return new DeadLetterQuery(ctx.migration().id(), stage, reason);
        }
    }

    @Command(name = "list", description = "Counts per stage and object, then the open dead letters one per line.")
    static final class List extends Filter implements Callable<Integer> {
        @ParentCommand
        DeadLettersCommand parent;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many lines (0: all; default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            try (MigratorContext ctx = MigratorContext.open(parent.parent.config()); Connection c = ctx.store().connection()) {
                System.out.print(DeadLetterReport.table(c, query(ctx), limit));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", description = "Write the open dead letters, payloads included, to a CSV file.")
    static final class Export extends Filter implements Callable<Integer> {
        @ParentCommand
        DeadLettersCommand parent;

        @Option(names = "--out", description = "The CSV file (default: reports/dead-letters.csv under the work directory).")
        Path out;

        @Override
        public Integer call() throws Exception {
            MigratorConfig config = parent.parent.config();
            Path file = out != null ? out : config.workDir().resolve("reports").resolve("dead-letters.csv");
            try (MigratorContext ctx = MigratorContext.open(config); Connection c = ctx.store().connection()) {
                long n = DeadLetterReport.writeCsv(c, query(ctx), file);
                System.out.printf("%,d dead letters written to %s%n", n, file.toAbsolutePath());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "replay", description = "Map the dead-lettered records of the load stages again with the current "
            + "(approved) mapping and send them; a record leaves the dead letters only when it lands. Staging dead "
            + "letters need a corrected export instead.")
    static final class Replay extends Filter implements Callable<Integer> {
        @ParentCommand
        DeadLettersCommand parent;

        @Override
        public Integer call() throws Exception {
            MigratorConfig config = parent.parent.config();
            MappingLoader.LoadedMapping mapping = MappingLoader.load(
                    Path.of(config.get("migrator.mapping.file", "mapping/mapping.yaml")));
            try (MigratorContext ctx = MigratorContext.open(config);
                 CamelRuntime camel = CamelRuntime.start(ctx, Map.of());
                 DataverseConnection dv = DataverseConnection.open(camel.context(), config)) {
                dv.startUp();
                Preflight.Result preflight = Preflight.check(ctx, dv, mapping,
                        Edition.parse(config.get("dataverse.edition", "sales-professional")));
                if (!preflight.ok()) {
                    System.err.println("preflight failed: " + preflight.failures().size() + " problem(s); nothing was replayed");
                    preflight.failures().forEach(f -> System.err.println("  - " + f));
                    return ExitCodes.PREFLIGHT_FAILED;
                }
                LoadJob.Outcome o = DeadLetterReplay.run(camel, ctx, dv, mapping, query(ctx), System.out);
                System.out.printf("Replay run %d: %,d landed, %,d still dead-lettered%n", o.runId(), o.landed(), o.rejected());
                return o.rejected() > 0 ? ExitCodes.REJECTED_RECORDS : ExitCodes.OK;
            }
        }
    }
}
