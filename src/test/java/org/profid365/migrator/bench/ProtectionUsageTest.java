package org.profid365.migrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;

class ProtectionUsageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static DataverseRequestLog at(long millis, int status, int records) {
        Instant t = T0.plusMillis(millis);
        return new DataverseRequestLog("POST", "/api/data/v9.2/contacts/Microsoft.Dynamics.CRM.CreateMultiple", status,
                "migration", t, t, records, status == 429 ? "1" : null);
    }

    @Test
    void the_share_counts_whole_windows_from_the_first_429_and_leaves_the_opening_burst_out() {
        List<DataverseRequestLog> log = new ArrayList<>();
        log.add(at(0, 200, 100));      // the burst before the first 429: not counted
        log.add(at(100, 429, 0));      // limits bind from here
        log.add(at(1_000, 200, 100));  // window 1: 200 ms of 400
        log.add(at(1_500, 429, 0));
        log.add(at(1_900, 200, 50));   // window 2: 100 ms
        log.add(at(1_950, 400, 1));    // a rejected record was still executed: 2 ms
        log.add(at(2_000, 401, 0));    // never admitted
        log.add(at(2_500, 200, 100));  // after the last whole window: not counted
        log.add(new DataverseRequestLog("POST", "/x", 200, "other-user", T0.plusMillis(1_200), T0.plusMillis(1_200), 999, null));

        ProtectionUsage u = ProtectionUsage.of(log, "migration", 1_000, 10, 400, 2);

        assertThat(u.windows()).isEqualTo(2);
        assertThat(u.executionMillis()).isEqualTo(200 + 100 + 2);
        assertThat(u.maxExecutionMillis()).isEqualTo(800);
        assertThat(u.requests()).isEqualTo(3);
        assertThat(u.maxRequests()).isEqualTo(20);
        assertThat(u.throttled()).isEqualTo(2);
        assertThat(u.executionShare()).isEqualTo(100.0 * 302 / 800);
        assertThat(u.requestShare()).isEqualTo(15.0);
        assertThat(u.share()).isEqualTo(u.executionShare());
        assertThat(u.bindingLimit()).isEqualTo("execution time");
    }

    @Test
    void a_run_that_was_never_throttled_or_not_for_a_whole_window_has_no_share() {
        assertThat(ProtectionUsage.of(List.of(at(0, 200, 10), at(5_000, 200, 10)), "migration", 1_000, 10, 400, 2)).isNull();
        assertThat(ProtectionUsage.of(List.of(at(0, 429, 0), at(500, 200, 10)), "migration", 1_000, 10, 400, 2)).isNull();
    }
}
