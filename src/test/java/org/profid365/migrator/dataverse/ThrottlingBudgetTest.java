package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThrottlingBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void starts_at_the_dop_hint_but_never_above_the_cap() {
        ThrottlingBudget b = new ThrottlingBudget(1, 52, 5, clock);

        b.startAt(8);
        assertThat(b.limit()).isEqualTo(8);
        b.startAt(500);
        assertThat(b.limit()).isEqualTo(52);
        assertThatThrownBy(() -> new ThrottlingBudget(1, 53, 5, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_429_halves_the_permits_down_to_one() {
        ThrottlingBudget b = new ThrottlingBudget(8, 52, 5, clock);

        b.throttled(clock.instant(), true);
        assertThat(b.limit()).isEqualTo(4);
        b.throttled(clock.instant(), true);
        b.throttled(clock.instant(), true);
        b.throttled(clock.instant(), true);
        assertThat(b.limit()).isEqualTo(1);
        b.throttled(clock.instant(), false);
        assertThat(b.limit()).isEqualTo(1);
    }

    @Test
    void the_429s_of_requests_in_flight_while_the_gate_is_shut_halve_the_permits_once() {
        ThrottlingBudget b = new ThrottlingBudget(16, 52, 5, clock);

        b.throttled(clock.instant().plusSeconds(3), true);
        b.throttled(clock.instant().plusSeconds(3), true);
        b.throttled(clock.instant().plusSeconds(2), true);
        assertThat(b.limit()).isEqualTo(8);
        assertThat(b.throttledCount()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(3));
        b.throttled(clock.instant().plusSeconds(1), true);
        assertThat(b.limit()).as("a new penalty after the gate opened").isEqualTo(4);
    }

    @Test
    void a_run_of_successes_adds_one_permit_up_to_the_cap() {
        ThrottlingBudget b = new ThrottlingBudget(2, 3, 3, clock);

        b.succeeded();
        b.succeeded();
        assertThat(b.limit()).isEqualTo(2);
        b.succeeded();
        assertThat(b.limit()).isEqualTo(3);
        for (int i = 0; i < 30; i++) {
            b.succeeded();
        }
        assertThat(b.limit()).isEqualTo(3);
    }

    @Test
    void no_more_requests_start_than_there_are_permits() {
        ThrottlingBudget b = new ThrottlingBudget(2, 52, 5, clock);

        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isFalse();
        assertThat(b.inFlight()).isEqualTo(2);
        b.release();
        assertThat(b.tryAcquire()).isTrue();
    }

    @Test
    void nothing_starts_while_the_retry_after_gate_is_shut() {
        ThrottlingBudget b = new ThrottlingBudget(4, 52, 5, clock);

        b.throttled(clock.instant().plusSeconds(2), true);

        assertThat(b.isBlocked()).isTrue();
        assertThat(b.free()).isZero();
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1999));
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(b.tryAcquire()).isTrue();
    }

    @Test
    void a_waiting_request_starts_when_a_permit_is_released() throws Exception {
        ThrottlingBudget b = new ThrottlingBudget(1, 52, 5, clock);
        b.acquire();

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                b.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting).isNotDone();
        b.release();

        waiting.get(5, TimeUnit.SECONDS);
        assertThat(b.inFlight()).isEqualTo(1);
    }
}
