package org.profid365.migrator.sim.dataverse;

import java.util.Random;

/** Decides, from a seeded sequence, which requests are dropped, answered 503, or slowed. */
final class FaultInjector {

    /**
     * What happens to one request.
     *
     * @param drop        close the connection without an answer
     * @param serverError answer 503 with Retry-After
     * @param slowMillis  extra delay before answering
     */
    record Decision(boolean drop, boolean serverError, long slowMillis) {
    }

    private final DataverseSimOptions options;
    private final Random random;

    FaultInjector(DataverseSimOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    /** Three draws per request whatever the shares, so the outcome depends on the seed and the request order only. */
    Decision next() {
        double drop;
        double error;
        double slow;
        synchronized (random) {
            drop = random.nextDouble();
            error = random.nextDouble();
            slow = random.nextDouble();
        }
        return new Decision(drop < options.dropConnectionShare(), error < options.serverErrorShare(),
                slow < options.slowShare() ? options.slowMillis() : 0);
    }
}
