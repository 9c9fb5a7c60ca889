package org.profid365.migrator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.profid365.migrator.sim.ExportFolders;
import org.profid365.migrator.store.EmbeddedDatabase;

/**
 * One real embedded PostgreSQL server for the whole test JVM; each test gets a fresh, empty database on it, so
 * tests are isolated without paying a server start each.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedDatabase server;

    private TestDatabase() {
    }

    private static synchronized EmbeddedDatabase server() throws Exception {
        if (server == null) {
            Path dir = Files.createTempDirectory("migrator-test-pg");
            server = EmbeddedDatabase.start(dir);
            EmbeddedDatabase started = server;
            // the server's data (about a gigabyte after the suite) goes with the JVM: runs must not fill the disk
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close(); // returns once the server has stopped, whichever hook stopped it
                try {
                    ExportFolders.delete(dir);
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    System.err.println("could not delete the test database's directory " + dir + ": " + e);
                }
            }));
        }
        return server;
    }

    /** A JDBC URL of a new empty database. */
    public static String newDatabaseUrl() throws Exception {
        EmbeddedDatabase s = server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), "postgres", null);
             Statement st = c.createStatement()) {
            st.execute("create database " + name);
        }
        return "jdbc:postgresql://localhost:" + s.port() + "/" + name;
    }
}
