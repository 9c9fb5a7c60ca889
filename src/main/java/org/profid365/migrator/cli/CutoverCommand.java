package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.delta.CutoverReport;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Ends the cutover window: a last delta, the end of the window recorded (deltas stop until a new full run), what
 * changed in the window printed, then {@code verify} of everything the migration wrote.
 */
@Command(name = "cutover", description = "cutover --close: run a last delta, close the cutover window (the cron's deltas "
        + "stop), print what changed since the full run (runs; records created, updated, deleted), then run verify.")
final class CutoverCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--close", required = true, description = "Run the last delta and verify, and close the window.")
        boolean close;
    }

    @Option(names = "--since", paramLabel = "INSTANT",
            description = "Start of the window to report (ISO-8601; default: the end of the last successful full run).")
    String since;

    @Parameters(arity = "0..1", paramLabel = "SOURCE", description = "As for delta (default: PROFI_SOURCE, else the inbox).")
    String source;

    @Override
    public Integer call() throws Exception {
        try (MigratorContext ctx = MigratorContext.open(parent.config()); CamelRuntime camel = CamelRuntime.start(ctx, Map.of())) {
            Instant from;
            try (Connection c = ctx.store().connection()) {
                from = since != null ? parseInstant(since) : CutoverReport.endOfLastFullRun(c, ctx.migration().id())
                        .orElseThrow(() -> new ConfigurationException("No full run has succeeded yet, so there is no "
                                + "cutover window to close: run migrate --full first (or name the window with --since)"));
            }
            System.out.println("Cutover: the last delta");
            DeltaCommand.Result delta = DeltaCommand.run(ctx, camel, source, System.out, System.err);
            if (delta.run() != null && delta.run().isSkipped()) {
                return delta.exit(); // already closed, or another delta is running: said so above
            }
            if (delta.run() == null || !delta.run().succeeded()) {
                System.err.println("The cutover stays open: the last delta did not succeed. Fix the cause and run "
                        + "cutover --close again.");
                return delta.exit() == ExitCodes.OK ? ExitCodes.FAILED : delta.exit();
            }
            try (Connection c = ctx.store().connection()) {
                CutoverReport.close(c, ctx.migration().id(), delta.run().runId());
                CutoverReport.of(c, ctx.migration().id(), from).print(System.out);
            }
            System.out.println("Cutover closed: deltas stop now (a new migrate --full opens a new window).");
            System.out.println("Cutover: verify");
            return Math.max(delta.exit(), verify(ctx, camel));
        }
    }

    /** {@code verify} on what the window left in Dynamics, with its reports; its exit code. */
    private static int verify(MigratorContext ctx, CamelRuntime camel) throws Exception {
        MappingLoader.LoadedMapping mapping = MappingLoader.load(Path.of(ctx.config().get("migrator.mapping.file",
                "mapping/mapping.yaml")));
        try (DataverseConnection dv = DataverseConnection.open(camel.context(), ctx.config())) {
            dv.startUp();
            return VerifyCommand.run(ctx, dv, mapping);
        }
    }

    private static Instant parseInstant(String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e2) {
                throw new ConfigurationException("--since must be an ISO-8601 instant such as 2026-03-01T08:00:00Z, not '"
                        + value + "'");
            }
        }
    }
}
