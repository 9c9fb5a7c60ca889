package org.profid365.migrator.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Binding and stopping a simulator's JDK HTTP server and its worker pool, the same way for both simulators. */
public final class HttpServers {

    /** Where the simulators listen unless told otherwise: this host only. */
    public static final String LOOPBACK = "127.0.0.1";

    private HttpServers() {
    }

    /** A server on {@code bindAddress} (an IP address or host name; 0.0.0.0 for every interface) and {@code port}. */
    public static HttpServer create(String bindAddress, int port, int backlog) throws IOException {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("the bind address must not be blank");
        }
        return HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress.trim()), port), backlog);
    }

    /**
     * The host part of a URL that reaches {@code server} from this machine: its bound address, or 127.0.0.1 when it
     * listens on every interface.
     */
    public static String urlHost(HttpServer server) {
        InetAddress bound = server.getAddress().getAddress();
        if (bound.isAnyLocalAddress()) {
            return LOOPBACK;
        }
        return bound instanceof Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
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
