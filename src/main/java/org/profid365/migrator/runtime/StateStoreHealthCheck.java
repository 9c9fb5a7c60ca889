package org.profid365.migrator.runtime;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** UP when the state store answers {@code select 1} through the migrator's own connection pool. */
final class StateStoreHealthCheck extends AbstractHealthCheck {

    static final String ID = "database";

    private final DataSource dataSource;
    private final int timeoutSeconds;

    StateStoreHealthCheck(DataSource dataSource, Duration timeout) {
        super("migrator", ID);
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    /** Readiness only: a database outage is not cured by restarting the migrator. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery("select 1")) {
                rs.next();
            }
            builder.message("The state store answered select 1").up();
        } catch (SQLException e) {
            // the message only: the JDBC URL, which may carry a password, is never part of it
            builder.message("The state store did not answer select 1: " + e.getMessage()).down();
        }
    }
}
