package org.profid365.migrator.cli;

import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.runtime.CamelRuntime;

/** Lets route tests stage the way the CLI does. */
public final class CliAccess {
    private CliAccess() {
    }

    public static StagingResult stage(CamelRuntime camel, String source) {
        return StageCommand.stage(camel, source, null);
    }
}
