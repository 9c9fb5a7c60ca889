package org.profid365.migrator.sim.dataverse;

import org.profid365.migrator.sim.HttpServers;

/**
 * How the Dataverse simulator behaves (limits, faults, org settings), read live so a test may change a fault mid-run;
 * setters are fluent and each getter is its setter's name without argument.
 */
public final class DataverseSimOptions {

    private volatile int port;
    private volatile String bindAddress = HttpServers.LOOPBACK;
    private volatile String publicHost;
    private volatile int dopHint = 4;
    private volatile long windowMillis = 300_000;
    private volatile int maxRequests = 6_000;
    private volatile long maxExecutionMillis = 1_200_000;
    private volatile int maxConcurrent = 52;
    private volatile long executionMillisPerRecord = 2;
    private volatile boolean simulateExecutionTime;
    private volatile long keyActivationDelayMillis = 2_000;
    private volatile long latencyMillis;
    private volatile double serverErrorShare;
    private volatile int serverErrorRetryAfterSeconds = 1;
    private volatile double dropConnectionShare;
    private volatile double slowShare;
    private volatile long slowMillis;
    private volatile long seed = 1;
    private volatile long attachmentMaxBytes = 5L * 1024 * 1024;
    private volatile String publisherPrefix = "profi";
    private volatile int publisherOptionValuePrefix = 72_700;
    private volatile String baseCurrency = "USD";
    private volatile int duplicateCreateStatus = 412;
    private volatile int maxPageSize = 5_000;
    private volatile long metadataWriteMillis;
    private volatile long metadataLockTimeoutMillis = 30_000;
    private volatile boolean logRequestBodies;

    /** Free port, Microsoft's default limits (6000 requests, 1200 s, 52 concurrent per 300 s), no faults. */
    public static DataverseSimOptions defaults() {
        return new DataverseSimOptions();
    }

    /** Read once at start: 127.0.0.1 by default, 0.0.0.0 for every interface (in a container). */
    public String bindAddress() { return bindAddress; }

    public DataverseSimOptions bindAddress(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        this.bindAddress = value.trim();
        return this;
    }

    /**
     * Read once at start: the host name clients use, written into the URLs of answers ({@code @odata.nextLink},
     * {@code OData-EntityId}); null means the bind address, or 127.0.0.1 when that is every interface.
     */
    public String publicHost() { return publicHost; }

    public DataverseSimOptions publicHost(String value) {
        this.publicHost = value == null || value.isBlank() ? null : value.trim();
        return this;
    }

    public int port() { return port; }
    /** 0 picks a free port. */
    public DataverseSimOptions port(int value) { this.port = requireRange(value, 0, 65_535, "port"); return this; }

    public int dopHint() { return dopHint; }
    /** The {@code x-ms-dop-hint} every response carries. */
    public DataverseSimOptions dopHint(int value) { this.dopHint = requireRange(value, 1, 1_000, "dopHint"); return this; }

    public long windowMillis() { return windowMillis; }
    /** The sliding window of service protection (Microsoft: 300 s). */
    public DataverseSimOptions windowMillis(long value) { this.windowMillis = requirePositive(value, "windowMillis"); return this; }

    public int maxRequests() { return maxRequests; }
    /** Requests per app user per window before 0x80072322. */
    public DataverseSimOptions maxRequests(int value) { this.maxRequests = (int) requirePositive(value, "maxRequests"); return this; }

    public long maxExecutionMillis() { return maxExecutionMillis; }
    /** Combined execution time per app user per window before 0x80072321. */
    public DataverseSimOptions maxExecutionMillis(long value) { this.maxExecutionMillis = requirePositive(value, "maxExecutionMillis"); return this; }

    public int maxConcurrent() { return maxConcurrent; }
    /** Requests one app user may have in flight before 0x80072326. */
    public DataverseSimOptions maxConcurrent(int value) { this.maxConcurrent = (int) requirePositive(value, "maxConcurrent"); return this; }

    public long executionMillisPerRecord() { return executionMillisPerRecord; }
    /** Simulated server time each record of a request costs (a bulk call costs the sum). */
    public DataverseSimOptions executionMillisPerRecord(long value) { this.executionMillisPerRecord = requireNonNegative(value, "executionMillisPerRecord"); return this; }

    public boolean simulateExecutionTime() { return simulateExecutionTime; }
    /** When true the simulated execution time is also slept, holding the request in flight. */
    public DataverseSimOptions simulateExecutionTime(boolean value) { this.simulateExecutionTime = value; return this; }

    public long keyActivationDelayMillis() { return keyActivationDelayMillis; }
    /** How long a new alternate key stays Pending before it turns Active (or Failed). */
    public DataverseSimOptions keyActivationDelayMillis(long value) { this.keyActivationDelayMillis = requireNonNegative(value, "keyActivationDelayMillis"); return this; }

    public long latencyMillis() { return latencyMillis; }
    /** Added to every request before it is answered. */
    public DataverseSimOptions latencyMillis(long value) { this.latencyMillis = requireNonNegative(value, "latencyMillis"); return this; }

    public double serverErrorShare() { return serverErrorShare; }
    /** Share (0..1) of authenticated requests answered 503 with Retry-After. */
    public DataverseSimOptions serverErrorShare(double value) { this.serverErrorShare = requireShare(value, "serverErrorShare"); return this; }

    public int serverErrorRetryAfterSeconds() { return serverErrorRetryAfterSeconds; }
    /** The Retry-After of a simulated 503. */
    public DataverseSimOptions serverErrorRetryAfterSeconds(int value) { this.serverErrorRetryAfterSeconds = requireRange(value, 1, 3_600, "serverErrorRetryAfterSeconds"); return this; }

    public double dropConnectionShare() { return dropConnectionShare; }
    /** Share (0..1) of requests whose connection is closed without an answer. */
    public DataverseSimOptions dropConnectionShare(double value) { this.dropConnectionShare = requireShare(value, "dropConnectionShare"); return this; }

    public double slowShare() { return slowShare; }
    /** Share (0..1) of requests delayed by {@link #slowMillis()} more. */
    public DataverseSimOptions slowShare(double value) { this.slowShare = requireShare(value, "slowShare"); return this; }

    public long slowMillis() { return slowMillis; }
    public DataverseSimOptions slowMillis(long value) { this.slowMillis = requireNonNegative(value, "slowMillis"); return this; }

    public long seed() { return seed; }
    /** Seeds the fault draws and the generated ids, so one request order gives one outcome. */
    public DataverseSimOptions seed(long value) { this.seed = value; return this; }

    public long attachmentMaxBytes() { return attachmentMaxBytes; }
    /** Largest note {@code documentbody}, measured on its base64 text (Microsoft default 5 MB). */
    public DataverseSimOptions attachmentMaxBytes(long value) { this.attachmentMaxBytes = requirePositive(value, "attachmentMaxBytes"); return this; }

    public String publisherPrefix() { return publisherPrefix; }
    /** The customization prefix of the seeded publisher, accepted on schema names. */
    public DataverseSimOptions publisherPrefix(String value) {
        if (value == null || !value.matches("[A-Za-z][A-Za-z0-9]{1,7}") || value.equalsIgnoreCase("mscrm")) {
            throw new IllegalArgumentException("publisherPrefix must be 2-8 letters or digits starting with a letter, not mscrm: " + value);
        }
        this.publisherPrefix = value;
        return this;
    }

    public int publisherOptionValuePrefix() { return publisherOptionValuePrefix; }
    /** The seeded publisher's option value prefix: custom choice values start at prefix x 10,000. */
    public DataverseSimOptions publisherOptionValuePrefix(int value) { this.publisherOptionValuePrefix = requireRange(value, 10_000, 99_999, "publisherOptionValuePrefix"); return this; }

    public String baseCurrency() { return baseCurrency; }
    /** ISO code of the org base currency (USD or EUR, both seeded). */
    public DataverseSimOptions baseCurrency(String value) {
        if (!"USD".equals(value) && !"EUR".equals(value)) {
            throw new IllegalArgumentException("baseCurrency must be USD or EUR, not " + value);
        }
        this.baseCurrency = value;
        return this;
    }

    public int duplicateCreateStatus() { return duplicateCreateStatus; }
    /** HTTP status of a POST whose primary key exists (0x80040237): 412 as observed, 400 selectable. */
    public DataverseSimOptions duplicateCreateStatus(int value) {
        if (value != 400 && value != 412) {
            throw new IllegalArgumentException("duplicateCreateStatus must be 400 or 412, not " + value);
        }
        this.duplicateCreateStatus = value;
        return this;
    }

    public int maxPageSize() { return maxPageSize; }
    /** The page size used without odata.maxpagesize and the largest one honoured (Microsoft: 5000). */
    public DataverseSimOptions maxPageSize(int value) { this.maxPageSize = requireRange(value, 1, 5_000, "maxPageSize"); return this; }

    public long metadataWriteMillis() { return metadataWriteMillis; }
    /** How long each metadata write holds the org's customization lock. */
    public DataverseSimOptions metadataWriteMillis(long value) { this.metadataWriteMillis = requireNonNegative(value, "metadataWriteMillis"); return this; }

    public long metadataLockTimeoutMillis() { return metadataLockTimeoutMillis; }
    /** How long a metadata write waits for the lock before 0x80071151. */
    public DataverseSimOptions metadataLockTimeoutMillis(long value) { this.metadataLockTimeoutMillis = requireNonNegative(value, "metadataLockTimeoutMillis"); return this; }

    public boolean logRequestBodies() { return logRequestBodies; }
    /** When true {@link DataverseSimulator#requests()} keeps the body of every request other than GET (tests). */
    public DataverseSimOptions logRequestBodies(boolean value) { this.logRequestBodies = value; return this; }

    @Override
    public String toString() {
        return "DataverseSimOptions[bindAddress=" + bindAddress + ", publicHost=" + publicHost + ", port=" + port + ", dopHint=" + dopHint + ", windowMillis=" + windowMillis
                + ", maxRequests=" + maxRequests + ", maxExecutionMillis=" + maxExecutionMillis + ", maxConcurrent="
                + maxConcurrent + ", executionMillisPerRecord=" + executionMillisPerRecord + ", simulateExecutionTime="
                + simulateExecutionTime + ", keyActivationDelayMillis=" + keyActivationDelayMillis + ", latencyMillis="
                + latencyMillis + ", serverErrorShare=" + serverErrorShare + ", dropConnectionShare="
                + dropConnectionShare + ", slowShare=" + slowShare + ", slowMillis=" + slowMillis + ", seed=" + seed
                + ", attachmentMaxBytes=" + attachmentMaxBytes + ", publisherPrefix=" + publisherPrefix
                + ", baseCurrency=" + baseCurrency + ", duplicateCreateStatus=" + duplicateCreateStatus + "]";
    }

    private static int requireRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", not " + value);
        }
        return value;
    }

    private static long requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    private static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
        return value;
    }

    private static double requireShare(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be 0..1, not " + value);
        }
        return value;
    }
}
