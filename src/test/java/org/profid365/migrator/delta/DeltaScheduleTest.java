package org.profid365.migrator.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * The Quartz route {@code delta}: {@code serve} fires it on migrator.delta.cron, a one-shot command never does, and a
 * run still going when the cron comes round delays the next firing instead of overlapping it.
 */
class DeltaScheduleTest {

    @Test
    void serve_fires_the_delta_on_its_cron_and_runs_never_overlap(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                "migrator.delta.cron", "0/1 * * * * ?", "profi.source", april.toString(),
                "migrator.management.enabled", "false")) {
            // the fixture's one-shot runtime (staging, full load) ran for many seconds with the cron set: no delta
            assertThat(f.count("select count(*) from run where kind = 'delta'")).isZero();
            f.camel.close();

            // the first delta has April to write to a slow org (every answer waits), so it outlasts several ticks
            f.sim.options().latencyMillis(150);
            long exchanges;
            try (CamelRuntime service = CamelRuntime.startService(f.ctx)) {
                waitFor(Duration.ofSeconds(120), () -> finishedDeltas(f).size() >= 3);
                service.context().getRouteController().stopRoute("delta");
                exchanges = service.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                        .getManagedRoute("delta").getExchangesTotal();
            }

            List<Instant[]> runs = finishedDeltas(f);
            assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
            assertThat(Duration.between(runs.get(0)[0], runs.get(0)[1])).isGreaterThan(Duration.ofSeconds(2));
            for (int i = 1; i < runs.size(); i++) {
                assertThat(runs.get(i)[0]).as("run %d starts after run %d ended", i + 1, i).isAfterOrEqualTo(runs.get(i - 1)[1]);
            }
            // every firing ran a delta of its own: none was started beside another (it would have found the delta lock
            // taken and left no run in the ledger)
            assertThat(f.count("select count(*) from run where kind = 'delta'")).isEqualTo(exchanges);
            assertThat(f.rows("select distinct status from run where kind = 'delta'")).containsExactly("succeeded");
            // the first fired delta took the April changes; the later ones found nothing new
            long firstRun = Long.parseLong(f.rows("select min(id) from run where kind = 'delta'").get(0));
            assertThat(f.count("select count(*) from audit_log where run_id = " + firstRun)).isPositive();
            assertThat(f.count("select count(*) from audit_log a join run r on r.id = a.run_id where r.kind = 'delta' "
                    + "and r.id > " + firstRun)).isZero();
        }
    }

    /** Start and end of every finished delta run, in order. */
    private static List<Instant[]> finishedDeltas(DeltaFixture f) {
        List<Instant[]> out = new ArrayList<>();
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select started_at, finished_at from run where kind = 'delta' and finished_at is not null order by id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp s = rs.getTimestamp(1);
                Timestamp e = rs.getTimestamp(2);
                out.add(new Instant[] {s.toInstant(), e.toInstant()});
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
