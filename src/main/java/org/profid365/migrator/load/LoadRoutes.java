package org.profid365.migrator.load;

import java.sql.SQLException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The bean {@code load} the YAML load routes call. The routes exist for the whole life of the process (so ops see
 * them over JMX and can edit them); a run plugs its session in while it lasts. Calling a load route with no run
 * open is an error that says so.
 */
public final class LoadRoutes {

    /** What one run brings: its context and the steps the routes call. */
    public record Session(LoadContext context, LoadRunner runner, BatchMapper mapper, DataverseWrites writes,
                          OutcomeRecorder outcomes, BatchFailures failures) {

        public static Session of(LoadContext context) {
            return of(context, TableWriter.bulk(context.dataverse().bulkWriter()));
        }

        /** A session whose writes go through {@code writer} (the benchmark's one-request-per-record baseline). */
        public static Session of(LoadContext context, TableWriter writer) {
            LoadRunner runner = new LoadRunner(context);
            long migrationId = context.migrator().migration().id();
            return new Session(context, runner, new BatchMapper(context), new DataverseWrites(context, writer),
                    new OutcomeRecorder(migrationId, runner.progress()), new BatchFailures(migrationId, runner.progress()));
        }
    }

    private volatile Session session;

    /** Plugs a run in; one run at a time per process. */
    public synchronized void open(Session s) {
        if (session != null) {
            throw new IllegalStateException("a load run (" + session.runner().runId() + ") is already running in this process");
        }
        session = s;
    }

    public synchronized void close(Session s) {
        if (session == s) {
            session = null;
        }
    }

    public Session current() {
        return session;
    }

    private Session session() {
        Session s = session;
        if (s == null) {
            throw new IllegalStateException("no load run is open: start one with `migrate`, not by calling the route");
        }
        return s;
    }

    public void runStage(@Header("stage") String stage, Exchange exchange) throws Exception {
        session().runner().runStage(stage, exchange);
    }

    public void map(@Body LoadBatch batch) throws SQLException {
        session().mapper().map(batch);
    }

    public void write(@Body LoadBatch batch) throws SQLException {
        session().writes().write(batch);
    }

    public void record(@Body LoadBatch batch) throws SQLException {
        session().outcomes().record(batch);
    }

    public void deadLetter(@Body LoadBatch batch, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause)
            throws SQLException {
        session().failures().deadLetter(batch, cause);
    }
}
