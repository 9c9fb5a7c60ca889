package org.profid365.migrator.sim;

import com.sun.net.httpserver.HttpServer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping a simulator's JDK HTTP server and its worker pool, the same way for both simulators. */
public final class HttpServers {

    private HttpServers() {
    }

    /** Stops accepting at once and gives requests in flight five seconds to finish. */
    public static void stop(HttpServer server, ExecutorService workers) {
        server.stop(0);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
