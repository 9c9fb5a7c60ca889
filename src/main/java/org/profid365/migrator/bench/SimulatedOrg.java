package org.profid365.migrator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;
import org.profid365.migrator.sim.dataverse.StagedOrg;

/**
 * The Dynamics 365 org a benchmark loads into: the Dataverse simulator in this JVM, or in a child JVM when the
 * migrator's own heap is measured (the simulator keeps every record it receives in memory). Either way it is seeded
 * with the staged workspace's coaches, the fallback owner and the currencies ({@link StagedOrg}).
 */
interface SimulatedOrg extends AutoCloseable {

    String APP_USER = "migration";

    URI baseUrl();

    String token();

    /** The simulator's log of answered requests (empty when it runs in another process). */
    List<DataverseRequestLog> requests();

    /** Requests sent before a Retry-After ran out; -1 when not known here. */
    long earlyRetries();

    /** Requests that were on their way when a Retry-After was answered; -1 when not known here. */
    long inFlightAtRetryAfter();

    /** The simulator's child process, if it has one. */
    Long pid();

    @Override
    void close();

    static SimulatedOrg inProcess(DataverseSimOptions options, DataSource staged, long migrationId, String fallbackOwner)
            throws IOException, SQLException {
        DataverseSimulator sim = DataverseSimulator.start(options);
        try {
            StagedOrg.seed(staged, migrationId, sim, fallbackOwner);
            String token = sim.issueToken(APP_USER);
            return new SimulatedOrg() {
                @Override
                public URI baseUrl() {
                    return sim.baseUrl();
                }

                @Override
                public String token() {
                    return token;
                }

                @Override
                public List<DataverseRequestLog> requests() {
                    return sim.requests();
                }

                @Override
                public long earlyRetries() {
                    return sim.earlyRetries();
                }

                @Override
                public long inFlightAtRetryAfter() {
                    return sim.inFlightAtRetryAfter();
                }

                @Override
                public Long pid() {
                    return null;
                }

                @Override
                public void close() {
                    sim.close();
                }
            };
        } catch (SQLException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /**
     * A simulator without service-protection limits in a child JVM ({@link SimulatorProcess}) that seeds itself from
     * the staged workspace's database; it ends with this process (its stdin closes).
     */
    static SimulatedOrg childProcess(String jdbcUrl, long migrationId, String fallbackOwner, String maxHeap, Path logFile)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + maxHeap));
        // the same collector as the bench's own JVM, so that one flag sets what both halves of a figure ran with
        Machine.collectorFlag().ifPresent(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SimulatorProcess.class.getName(), jdbcUrl,
                Long.toString(migrationId), fallbackOwner));
        Process p = new ProcessBuilder(cmd).redirectError(logFile.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith(SimulatorProcess.READY)) {
            p.destroy();
            throw new IOException("the simulator process did not start (see " + logFile + "): " + ready);
        }
        String[] f = ready.split(" ");
        URI url = URI.create(f[1]);
        String token = f[2];
        return new SimulatedOrg() {
            @Override
            public URI baseUrl() {
                return url;
            }

            @Override
            public String token() {
                return token;
            }

            @Override
            public List<DataverseRequestLog> requests() {
                return List.of();
            }

            @Override
            public long earlyRetries() {
                return -1;
            }

            @Override
            public long inFlightAtRetryAfter() {
                return -1;
            }

            @Override
            public Long pid() {
                return p.pid();
            }

            @Override
            public void close() {
                try {
                    p.getOutputStream().close(); // the child stops when its stdin ends
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroy();
                    }
                } catch (IOException e) {
                    p.destroy();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroy();
                }
            }
        };
    }
}
