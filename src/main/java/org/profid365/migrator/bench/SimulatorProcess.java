package org.profid365.migrator.bench;

import java.io.InputStream;
import org.postgresql.ds.PGSimpleDataSource;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.StagedOrg;

/**
 * The main of the benchmark's child JVM: a Dataverse simulator without service-protection limits, seeded from a
 * staged workspace. Arguments: JDBC URL, migration id, fallback owner email. Prints one line
 * {@code READY <base url> <token>} and serves until its stdin ends.
 */
public final class SimulatorProcess {

    static final String READY = "READY";

    private SimulatorProcess() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(args[0]);
        try (DataverseSimulator sim = DataverseSimulator.start(LoadBench.unlimited())) {
            StagedOrg.seed(ds, Long.parseLong(args[1]), sim, args[2]);
            System.out.println(READY + " " + sim.baseUrl() + " " + sim.issueToken(SimulatedOrg.APP_USER));
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // the parent never writes; the stream ends when it closes it or exits
            }
        }
    }
}
