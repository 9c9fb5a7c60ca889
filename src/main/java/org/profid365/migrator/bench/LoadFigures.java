package org.profid365.migrator.bench;

import java.util.List;
import java.util.Map;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;

/**
 * What one benchmark load measured.
 *
 * @param records      staged records the load processed (landed + dead-lettered)
 * @param loadNanos    wall time of the run (route migrate-full), set-up excluded
 * @param setupNanos   owners, mapping approval and schema before it
 * @param writes       Dataverse writes by operation (create, state, update), from the audit log
 * @param requests     write requests answered during the load (429s excluded); -1 when not logged
 * @param log          the simulator's request log (empty when it ran in another process)
 * @param earlyRetries requests sent before a Retry-After ran out; -1 when not known
 * @param inFlightAtRetryAfter requests on their way when a Retry-After was answered; -1 when not known
 * @param cpuNanos     CPU spent during the load by this JVM, PostgreSQL and the simulator's process if it had one
 */
record LoadFigures(long records, long landed, long rejected, long loadNanos, long setupNanos, Map<String, Long> writes,
                   long requests, List<DataverseRequestLog> log, long earlyRetries, long inFlightAtRetryAfter,
                   long cpuNanos) {

    double recordsPerSecond() {
        return records / (loadNanos / 1e9);
    }

    /** CPU per record, everything on the machine that took part counted: steadier than records/s on a shared machine. */
    double cpuMicrosPerRecord() {
        return records == 0 ? 0 : cpuNanos / 1e3 / records;
    }

    long writeCount() {
        return writes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What the simulator charges for these writes: one record's cost per write. */
    long executionMillis(long perRecord) {
        return writeCount() * perRecord;
    }
}
