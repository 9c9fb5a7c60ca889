package org.profid365.migrator.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Dataverse Web API simulator until stopped. */
@Command(name = "dataverse", description = "Serve a simulated Dataverse Web API (validation, bulk, $batch, metadata, throttling).")
final class SimDataverseCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8092", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface, as in a container (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--public-host", paramLabel = "HOST",
            description = "Host name clients use, written into the URLs of answers such as @odata.nextLink "
                    + "(default: the bind address, or 127.0.0.1 for 0.0.0.0).")
    String publicHost;

    @Option(names = "--token", description = "Bearer token to accept for the first --app-user besides the printed ones "
            + "(default: DATAVERSE_TOKEN when set).")
    String token;

    @Option(names = "--app-user", defaultValue = "migration", split = ",",
            description = "Application users to issue bearer tokens for; each has its own throttling budget (default ${DEFAULT-VALUE}).")
    List<String> appUsers = new ArrayList<>();

    @Option(names = "--system-user", split = ",", paramLabel = "EMAIL",
            description = "Enabled Dynamics users to create (owners are matched on their email); prefix with ! for a disabled one.")
    List<String> systemUsers = new ArrayList<>();

    @Option(names = "--dop-hint", defaultValue = "4", description = "x-ms-dop-hint on every answer (default ${DEFAULT-VALUE}).")
    int dopHint;

    @Option(names = "--window-ms", defaultValue = "300000", description = "Service-protection sliding window (default ${DEFAULT-VALUE} ms).")
    long windowMillis;

    @Option(names = "--max-requests", defaultValue = "6000", description = "Requests per user per window (default ${DEFAULT-VALUE}).")
    int maxRequests;

    @Option(names = "--max-execution-ms", defaultValue = "1200000",
            description = "Combined execution time per user per window (default ${DEFAULT-VALUE} ms).")
    long maxExecutionMillis;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Added to every answer (default ${DEFAULT-VALUE}).")
    long latencyMillis;

    @Option(names = "--error-share", defaultValue = "0", description = "Share of requests answered 503 (0..1).")
    double errorShare;

    @Override
    public Integer call() throws Exception {
        DataverseSimOptions options = DataverseSimOptions.defaults().bindAddress(bind).publicHost(publicHost).port(port)
                .dopHint(dopHint).windowMillis(windowMillis)
                .maxRequests(maxRequests).maxExecutionMillis(maxExecutionMillis).latencyMillis(latencyMillis)
                .serverErrorShare(errorShare);
        CountDownLatch stop = new CountDownLatch(1);
        try (DataverseSimulator sim = DataverseSimulator.start(options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            for (String u : systemUsers) {
                boolean disabled = u.startsWith("!");
                String email = disabled ? u.substring(1) : u;
                sim.addSystemUser(email, email, disabled);
            }
            System.out.println("Dataverse simulator at " + sim.baseUrl());
            // the simulator's own throwaway tokens: printing them is how a user calls it (DATAVERSE_TOKEN)
            for (String u : appUsers) {
                System.out.println("Bearer token for application user " + u + ": " + sim.issueToken(u));
            }
            String given = token != null ? token : System.getenv("DATAVERSE_TOKEN");
            if (given != null && !given.isBlank() && !appUsers.isEmpty()) {
                sim.acceptToken(appUsers.get(0), given.trim());
                System.out.println("Bearer token for application user " + appUsers.get(0) + ": also the one given");
            }
            stop.await();
        }
        return ExitCodes.OK;
    }
}
