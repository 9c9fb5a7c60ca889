package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.profid365.migrator.bench.LoadBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Measures the load against the in-process Dataverse simulator and prints the figures (docs/benchmarks.md). */
@Command(name = "bench", description = "Benchmark the load on a generated export against the Dataverse simulator and print "
        + "the figures: e2e (bulk, zero latency), naive (one request per record, ratio), limits (time-scaled service "
        + "protection: share of the budget used, early retries), large (2,000,000 records: peak heap, total time). "
        + "Each load goes into a new simulated org; the staged export is kept under --dir.")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Option(names = "--scenario", split = ",", defaultValue = "e2e",
            description = "e2e, naive, limits, large or all, comma-separated (default ${DEFAULT-VALUE}).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--dir", defaultValue = "data/bench",
            description = "Generated exports and the benchmark's own embedded databases (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--clients", defaultValue = "18000",
            description = "Clients of the export of e2e, naive and limits; 18,000 give about 200,000 records (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--large-clients", defaultValue = "180000",
            description = "Clients of the large export; 180,000 give about 2,000,000 records (default ${DEFAULT-VALUE}).")
    int largeClients;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated exports (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-scale", defaultValue = "10",
            description = "limits: the 300 s window and both its budgets divided by this; the allowed rate stays (default ${DEFAULT-VALUE}).")
    int timeScale;

    @Option(names = "--simulator-heap", defaultValue = "6g",
            description = "large: -Xmx of the simulator's child JVM, which keeps every record (default ${DEFAULT-VALUE}).")
    String simulatorHeap;

    @Option(names = "--sql-stats",
            description = "After each load, print the statements PostgreSQL spent the most time on (pg_stat_statements).")
    boolean sqlStats;

    @Option(names = "--reuse-staged",
            description = "Load what an earlier bench run staged under --dir instead of generating and staging again.")
    boolean reuseStaged;

    @Option(names = "--simulator-process",
            description = "e2e and naive: run the simulator in a child JVM too, so its CPU and heap are apart from the migrator's.")
    boolean simulatorProcess;

    @Option(names = "--record-cost-ms", defaultValue = "5",
            description = "limits: server time per record, slept by the simulator and charged to the execution-time budget (default ${DEFAULT-VALUE}).")
    int recordCostMillis;

    @Option(names = "--pg", paramLabel = "setting=value",
            description = "A PostgreSQL setting for the benchmark's embedded server (repeatable), e.g. shared_buffers=512MB.")
    java.util.Map<String, String> serverSettings = new java.util.LinkedHashMap<>();

    @Option(names = "--warm-up", arity = "0..1", paramLabel = "LOADS", defaultValue = "0", fallbackValue = "1",
            description = "e2e and naive: load LOADS times unmeasured first (1 when no number is given), so the measured "
                    + "loads run on compiled code.")
    int warmUpLoads;

    @Option(names = "--measure", paramLabel = "LOADS", defaultValue = "1",
            description = "e2e: measure LOADS bulk loads after the warm-up ones (default ${DEFAULT-VALUE}); with more "
                    + "than one, a summary line gives each one's records/s and CPU per record, their mean and median.")
    int measuredLoads;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || largeClients < 1 || timeScale < 1 || timeScale > 300 || recordCostMillis < 1 || warmUpLoads < 0
                || measuredLoads < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--clients, --large-clients and --record-cost-ms must be at least 1, --time-scale 1..300, "
                            + "--warm-up at least 0, --measure at least 1");
        }
        new LoadBench(parent.config(), new LoadBench.Settings(dir, clients, largeClients, seed, timeScale, simulatorHeap,
                sqlStats, reuseStaged, simulatorProcess, recordCostMillis, serverSettings, warmUpLoads,
                measuredLoads),
                System.out).run(LoadBench.parse(scenarios));
        return ExitCodes.OK;
    }
}
