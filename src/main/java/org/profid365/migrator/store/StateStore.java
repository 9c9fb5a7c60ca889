package org.profid365.migrator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database that holds the migrator's state: an external server when {@code migrator.db.url} is
 * set, otherwise the embedded one under the work directory. Opening it applies the Flyway migrations.
 */
public final class StateStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    private final EmbeddedDatabase embedded;
    private final HikariDataSource dataSource;

    private StateStore(EmbeddedDatabase embedded, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
    }

    public static StateStore open(MigratorConfig config) {
        String url = config.get("migrator.db.url");
        EmbeddedDatabase embedded = null;
        String user = config.get("migrator.db.user");
        String password = config.get("migrator.db.password");
        if (url == null) {
            embedded = EmbeddedDatabase.start(config.workDir());
            url = embedded.jdbcUrl();
            user = "postgres";
            password = null;
        } else if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException("MIGRATOR_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), not '"
                    + url.replaceAll("password=[^&]*", "password=***") + "'");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setPoolName("migrator-state");
        hc.setMaximumPoolSize(config.getInt("migrator.db.pool-size", 12));
        hc.setConnectionTimeout(config.getLong("migrator.db.connect-timeout-ms", 30_000));
        // Multi-row inserts: the staging writer batches thousands of rows per statement
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("ApplicationName", "profi-d365-migrator");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new ConfigurationException("Cannot connect to the state database " + safeUrl(url) + ": " + rootMessage(e), e);
        }
        StateStore store = new StateStore(embedded, ds);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Flyway set up with the state store's migrations: the one place that says where they are (upgrade tests use it). */
    public static FluentConfiguration flyway() {
        return Flyway.configure().locations("classpath:db/migration").loggers("slf4j");
    }

    private void migrate() {
        try {
            var result = flyway().dataSource(dataSource).load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("State store schema migrated to version {}", result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new ConfigurationException("The state database schema could not be migrated: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    private static String safeUrl(String url) {
        return url.replaceAll("(?i)password=[^&]*", "password=***");
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
