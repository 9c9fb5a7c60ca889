package org.profid365.migrator.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Camel's quartz component on a JDBC job store in the state database, clustered: several migrator instances on one
 * PostgreSQL share each schedule (the delta pickup), and for every firing exactly one of them runs it; a stateful
 * route's job is not run twice at once anywhere in the cluster. The tables come from Flyway (V9, Quartz's own
 * PostgreSQL DDL). With {@code migrator.scheduler.clustered=false} Quartz keeps its schedule in memory.
 */
final class QuartzCluster {

    /** Scheduler name: the same on every instance, which is what makes them one cluster. */
    static final String SCHEDULER = "profi-d365-migrator";

    private QuartzCluster() {
    }

    /** A quartz component on the state store; {@code instanceId} names this instance in the cluster (AUTO: host+time). */
    static QuartzComponent component(DataSource ds, String instanceId, long checkinIntervalMs) {
        // Quartz looks data sources up by name in a JVM-wide registry: one name per runtime, so two runtimes in one
        // JVM (tests) do not share a provider
        String name = "migrator-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the state store, which closes it
            }

            @Override
            public void initialize() {
                // nothing to set up: the state store's pool is open
            }
        });
        Map<String, Object> p = new HashMap<>();
        p.put("org.quartz.scheduler.instanceName", SCHEDULER);
        p.put("org.quartz.scheduler.instanceId", instanceId);
        p.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", name);
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinIntervalMs));
        p.put("org.quartz.jobStore.misfireThreshold", "60000");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        QuartzComponent q = new QuartzComponent();
        q.setProperties(p);
        // the scheduler's instance name is the cluster's name: Camel must not make it unique per context
        q.setPrefixInstanceName(false);
        return q;
    }
}
