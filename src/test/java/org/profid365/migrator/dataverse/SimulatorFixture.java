package org.profid365.migrator.dataverse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.camel.impl.DefaultCamelContext;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

/** The Dataverse simulator, a Camel context and a connection to it as one or more application users. */
final class SimulatorFixture implements AutoCloseable {

    final DataverseSimulator sim;
    final DefaultCamelContext camel;
    final DataverseConnection dv;
    final List<SimTokenSource> tokens;

    private SimulatorFixture(DataverseSimulator sim, DefaultCamelContext camel, DataverseConnection dv,
            List<SimTokenSource> tokens) {
        this.sim = sim;
        this.camel = camel;
        this.dv = dv;
        this.tokens = tokens;
    }

    /** Starts the simulator with {@code options} and connects as {@code users}; {@code settings} are key/value pairs. */
    static SimulatorFixture start(DataverseSimOptions options, List<String> users, String... settings) throws Exception {
        DataverseSimulator sim = DataverseSimulator.start(options);
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        List<SimTokenSource> tokens = new ArrayList<>();
        for (String u : users) {
            tokens.add(new SimTokenSource(sim, u));
        }
        DataverseSettings s = TestSettings.forUrl(sim.baseUrl().toString(), settings);
        DataverseConnection dv = DataverseConnection.open(camel, s, users, List.copyOf(tokens), Clock.systemUTC());
        return new SimulatorFixture(sim, camel, dv, tokens);
    }

    AppUser user(String name) {
        return dv.users().user(name).orElseThrow();
    }

    /**
     * The request log once it holds at least {@code count} entries: the simulator logs a request just after
     * answering it, so the client may see the answer a moment before the log does.
     */
    List<DataverseRequestLog> logged(int count) {
        await(() -> sim.requests().size() >= count, Duration.ofSeconds(10));
        return sim.requests();
    }

    /** The request log once some entry matches. */
    List<DataverseRequestLog> loggedOnce(java.util.function.Predicate<DataverseRequestLog> match) {
        await(() -> sim.requests().stream().anyMatch(match), Duration.ofSeconds(10));
        return sim.requests();
    }

    List<DataverseRequestLog> requestsOf(String appUser) {
        return sim.requests().stream().filter(r -> appUser.equals(r.appUser())).toList();
    }

    /** Waits (polling, not sleeping a fixed time) until the condition holds. */
    static void await(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public void close() {
        dv.close();
        camel.stop();
        sim.close();
    }

    /**
     * Stands in for Entra ID: tokens come from the simulator; a renewal asks it for a fresh one, as MSAL does with
     * skip-cache after a 401.
     */
    static final class SimTokenSource implements TokenSource {
        private final DataverseSimulator sim;
        private final String appUser;
        private volatile String current;
        final AtomicInteger renewals = new AtomicInteger();

        SimTokenSource(DataverseSimulator sim, String appUser) {
            this.sim = sim;
            this.appUser = appUser;
            this.current = sim.issueToken(appUser);
        }

        @Override
        public String token() {
            return current;
        }

        @Override
        public String renewedToken() {
            renewals.incrementAndGet();
            current = sim.issueToken(appUser);
            return current;
        }

        String current() {
            return current;
        }
    }
}
