package org.profid365.migrator.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.mapping.MappingApprovals;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.MappingSummary;
import org.profid365.migrator.pipeline.MigratorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Shows the mapping's summary and records the approval of its exact content (SHA-256), who and when. */
@Command(name = "approve-map", description = "Show the mapping file's summary and approve its exact content; "
        + "no record moves under a mapping whose SHA-256 was not approved.")
final class ApproveMapCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Option(names = "--yes", description = "Approve without asking (for scripts).")
    boolean yes;

    @Option(names = "--by", description = "Who approves (default: the operating-system user).")
    String by;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        Path file = Path.of(config.get("migrator.mapping.file", "mapping/mapping.yaml"));
        MappingLoader.LoadedMapping mapping = MappingLoader.load(file);
        System.out.println("Mapping " + file.toAbsolutePath() + " (SHA-256 " + mapping.sha256() + ")");
        System.out.print(MappingSummary.of(mapping.mapping()).text());
        if (!yes && !confirmed()) {
            System.out.println("Not approved; nothing recorded.");
            return ExitCodes.OK;
        }
        try (MigratorContext ctx = MigratorContext.open(config)) {
            String who = by != null ? by : System.getProperty("user.name", "unknown");
            MappingApprovals.Approval a = new MappingApprovals(ctx).approve(mapping, who);
            System.out.println("Approved by " + a.approvedBy() + " at " + a.approvedAt()
                    + ". Editing the file later needs a new approval.");
        }
        return ExitCodes.OK;
    }

    private static boolean confirmed() throws Exception {
        if (System.console() == null) {
            throw new ConfigurationException("approve-map needs a terminal to ask, or --yes");
        }
        System.out.print("Approve this mapping? [y/N] ");
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
    }
}
