package org.profid365.migrator;

import org.profid365.migrator.cli.MigratorCommand;

/** Entry point of the executable jar: hands the command line to the CLI. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        System.exit(MigratorCommand.run(args));
    }
}
