package org.profid365.migrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceWorkTest {

    /** A shorter cycle would let the walk stay in a cache and time the wrong thing. */
    @Test
    void the_walk_visits_every_index_once_before_it_returns_to_the_start() {
        for (int length : new int[] {2, 3, 1_000, 65_537}) {
            int[] next = ReferenceWork.cycle(length, new SplittableRandom(length));
            BitSet seen = new BitSet(length);
            int at = 0;
            for (int step = 0; step < length; step++) {
                assertThat(seen.get(at)).as("index %d of %d visited twice", at, length).isFalse();
                seen.set(at);
                at = next[at];
            }
            assertThat(at).isZero();
            assertThat(seen.cardinality()).isEqualTo(length);
        }
    }

    @Test
    void both_kinds_of_work_take_measurable_time() {
        ReferenceWork.Timing t = ReferenceWork.measure();

        assertThat(t.hashMillis()).isPositive();
        assertThat(t.memoryMillis()).isPositive();
        assertThat(t.toString()).matches("hashing 64 MiB \\d+ ms, 8 million random reads in 4 MiB \\d+ ms");
    }
}
