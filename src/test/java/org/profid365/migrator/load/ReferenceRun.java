package org.profid365.migrator.load;

import java.nio.file.Files;
import java.nio.file.Path;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * The clean, uninterrupted load of the {@link PlantedExport} into a fresh simulated org (once per test JVM): the end
 * state an interrupted or throttled load must reach. Runs compared with it use the same export, mapping, namespace
 * and {@link #SETTINGS}.
 */
record ReferenceRun(OrgState org, LoadOutcome outcome, LoadJob.Outcome run) {

    /** Small batches and bulk chunks, so each stage has several of them. */
    static final String[] SETTINGS = {"migrator.load.batch-size", "40", "dataverse.client.bulk-size", "25"};

    private static ReferenceRun shared;

    static synchronized ReferenceRun get() throws Exception {
        if (shared == null) {
            PlantedExport export = PlantedExport.get();
            Path tmp = Files.createTempDirectory("reference-run");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> PlantedExport.deleteTree(tmp)));
            export.mappingInto(tmp);
            try (LoadFixture f = LoadFixture.start(tmp, export.dir, options(), SETTINGS)) {
                LoadJob.Outcome run = f.load();
                shared = new ReferenceRun(OrgState.of(f.sim), LoadOutcome.of(f.ctx), run);
            }
        }
        return shared;
    }

    /** The simulator options every compared run starts from (faults are switched on after the set-up). */
    static DataverseSimOptions options() {
        return DataverseSimOptions.defaults().keyActivationDelayMillis(20);
    }
}
