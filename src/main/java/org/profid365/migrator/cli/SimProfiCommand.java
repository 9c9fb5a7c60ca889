package org.profid365.migrator.cli;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.profid365.migrator.sim.ProfiApiSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves a Profi export over the Profi API's HTTP shape until stopped. */
@Command(name = "profi", description = "Serve a Profi export over the Profi API (bearer token, pages, updated_since, 429s).")
final class SimProfiCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8091", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface, as in a container (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--data", required = true, description = "Export directory or .zip to serve.")
    Path data;

    @Option(names = "--token", description = "Bearer token clients must send (default: PROFI_API_TOKEN, else a random one printed at start).")
    String token;

    @Option(names = "--rate-limit", defaultValue = "0", description = "Requests per second before 429 + Retry-After (0 = none).")
    double rateLimit;

    @Option(names = "--retry-after", defaultValue = "1", description = "Seconds in Retry-After when rate limited.")
    int retryAfter;

    @Option(names = "--error-share", defaultValue = "0", description = "Share of requests answered 503 (0..1).")
    double errorShare;

    @Override
    public Integer call() throws Exception {
        String t = token != null ? token : System.getenv("PROFI_API_TOKEN");
        boolean generated = t == null || t.isBlank();
        if (generated) {
            t = UUID.randomUUID().toString();
        }
        ProfiApiSimulator.Options options = ProfiApiSimulator.Options.defaults(t).withPort(port).withBindAddress(bind)
                .withRateLimit(rateLimit, retryAfter).withServerErrors(errorShare, 1);
        CountDownLatch stop = new CountDownLatch(1);
        try (ProfiApiSimulator sim = ProfiApiSimulator.start(data, options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("Profi API simulator serving " + data + " at " + sim.baseUrl() + "/v1/");
            // the simulator's own throwaway token: printing it lets the user call it
            System.out.println(generated ? "Bearer token (generated): " + t : "Bearer token: as given");
            stop.await();
        }
        return ExitCodes.OK;
    }
}
