package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppUserPoolTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    private AppUser user(String name, int permits) {
        return new AppUser(name, new FixedTokenSource("t-" + name), new ThrottlingBudget(permits, 52, 10, clock));
    }

    @Test
    void work_goes_to_the_user_with_the_most_free_concurrency() throws Exception {
        AppUser a = user("a", 2);
        AppUser b = user("b", 4);
        AppUserPool pool = new AppUserPool(List.of(a, b), clock);

        assertThat(pool.acquire()).isSameAs(b); // b 4 free
        assertThat(pool.acquire()).isSameAs(b); // b 3 free
        AppUser third = pool.acquire();         // a and b both 2 free
        assertThat(third.budget().inFlight()).isEqualTo(third == b ? 3 : 1);
        assertThat(pool.free()).isEqualTo(3);
    }

    @Test
    void a_blocked_user_gets_no_work_while_another_is_open() throws Exception {
        AppUser a = user("a", 10);
        AppUser b = user("b", 1);
        AppUserPool pool = new AppUserPool(List.of(a, b), clock);

        a.budget().throttled(clock.instant().plusSeconds(2), true);

        assertThat(pool.acquire()).isSameAs(b);
        clock.advance(Duration.ofSeconds(2));
        assertThat(pool.acquire()).isSameAs(a);
    }

    @Test
    void when_every_user_is_busy_the_next_request_waits_for_a_release() throws Exception {
        AppUser a = user("a", 1);
        AppUserPool pool = new AppUserPool(List.of(a), clock);
        pool.acquire();

        CompletableFuture<AppUser> next = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(next).isNotDone();
        a.budget().release();

        assertThat(next.get(5, TimeUnit.SECONDS)).isSameAs(a);
    }
}
