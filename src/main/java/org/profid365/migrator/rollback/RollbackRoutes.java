package org.profid365.migrator.rollback;

import java.sql.SQLException;

/**
 * The bean {@code rollback} the YAML route {@code rollback} calls. The route exists for the whole life of the process;
 * a run plugs itself in while it lasts, and calling the route with no run open is an error that says so.
 */
public final class RollbackRoutes {

    private volatile RollbackRun run;

    /** Plugs a run in; one run at a time per process. */
    public synchronized void open(RollbackRun r) {
        if (run != null) {
            throw new IllegalStateException("a rollback (run " + run.runId() + ") is already running in this process");
        }
        run = r;
    }

    public synchronized void close(RollbackRun r) {
        if (run == r) {
            run = null;
        }
    }

    private RollbackRun run() {
        RollbackRun r = run;
        if (r == null) {
            throw new IllegalStateException("no rollback is open: start one with `rollback`, not by calling the route");
        }
        return r;
    }

    public void checkPreExisting() throws SQLException {
        run().checkPreExisting();
    }

    public void restoreUpdates() throws SQLException {
        run().restoreUpdates();
    }

    public void deleteCreated() throws SQLException {
        run().deleteCreated();
    }

    public void recloseActivities() throws SQLException {
        run().recloseActivities();
    }

    public void resetState() throws SQLException {
        run().resetState();
    }
}
