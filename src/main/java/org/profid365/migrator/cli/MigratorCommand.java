package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.profi.ExportFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar profi-d365-migrator.jar [--config FILE] [-Dkey=value] COMMAND}. */
@Command(name = "profi-d365-migrator", mixinStandardHelpOptions = true, version = "profi-d365-migrator 0.1.0",
        description = "Moves a coaching business's CRM data out of Profi and into Dynamics 365 Sales.",
        subcommands = {DemoCommand.class, GenerateCommand.class, StageCommand.class, InventoryCommand.class,
                ServeCommand.class, ProposeMapCommand.class, ApproveMapCommand.class, SimCommand.class, OwnersCommand.class, MigrateCommand.class, DeadLettersCommand.class,
                SchemaCommand.class, VerifyCommand.class, RollbackCommand.class, DeltaCommand.class, CutoverCommand.class,
                BenchCommand.class},
        footer = {"", "Exit codes: 0 done; 1 done with rejected records; 2 usage or configuration error;",
                "3 a preflight check failed; 4 the run failed part-way (run it again to resume)."})
public final class MigratorCommand implements Runnable {

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file over application.properties.")
    Path configFile;

    @Option(names = "-D", paramLabel = "key=value", description = "Override one setting.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command.");
    }

    /** The merged settings: files, environment, -D options of the JVM and of the command line. */
    MigratorConfig config() {
        Properties system = new Properties();
        system.putAll(System.getProperties());
        overrides.forEach(system::setProperty);
        return MigratorConfig.load(configFile, System.getenv(), system);
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new MigratorCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigurationException || e instanceof ExportFormatException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return ExitCodes.USAGE_OR_CONFIG;
            }
            commandLine.getErr().println("failed: " + describe(e));
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }

    static String describe(Throwable e) {
        Throwable c = e;
        while (c instanceof org.apache.camel.CamelExecutionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getName() : c.getMessage();
    }
}
