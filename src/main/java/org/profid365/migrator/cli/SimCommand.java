package org.profid365.migrator.cli;

import picocli.CommandLine.Command;

/** The simulators of the systems at both ends, for tests, demos and benchmarks. */
@Command(name = "sim", description = "Run a simulator of one end of the migration.", subcommands = {SimProfiCommand.class, SimDataverseCommand.class})
final class SimCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Name a simulator: profi or dataverse");
    }
}
