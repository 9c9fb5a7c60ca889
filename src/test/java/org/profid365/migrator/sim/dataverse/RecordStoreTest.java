package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store hands out a table's rows in key order (what queries and keyset paging walk) whatever the order of the
 * writes: inserts in random order, removals, an id removed and stored again, updates, and writes undone by a failed
 * {@code atomically}. Checked against a tree map fed the same writes.
 */
class RecordStoreTest {

    @Test
    void rows_come_in_key_order_after_any_mix_of_writes() {
        RecordStore store = new RecordStore(7);
        TreeMap<UUID, SimRecord> expected = new TreeMap<>();
        Random random = new Random(42);
        List<UUID> ids = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 6 || ids.isEmpty()) {
                SimRecord r = row(new UUID(random.nextLong(), random.nextLong()), step);
                store.atomically(() -> store.put(r));
                expected.put(r.id(), r);
                ids.add(r.id());
            } else if (action < 8) {
                UUID id = ids.get(random.nextInt(ids.size()));
                store.atomically(() -> store.remove("contact", id));
                expected.remove(id);
            } else {
                // stored again (after a removal) or updated in place
                SimRecord r = row(ids.get(random.nextInt(ids.size())), step);
                store.atomically(() -> store.put(r));
                expected.put(r.id(), r);
            }
            if (step % 997 == 0) {
                assertThat(store.rows("contact")).containsExactlyElementsOf(expected.values());
            }
        }
        assertThat(store.rows("contact")).containsExactlyElementsOf(expected.values());
        assertThat(store.get("contact", ids.get(0))).isEqualTo(expected.get(ids.get(0)));
    }

    @Test
    void writes_undone_by_a_failed_body_leave_the_order_as_it_was() {
        RecordStore store = new RecordStore(7);
        SimRecord kept = row(new UUID(5, 5), 1);
        SimRecord replaced = row(new UUID(9, 9), 1);
        store.atomically(() -> {
            store.put(kept);
            store.put(replaced);
        });
        assertThatThrownBy(() -> store.atomically(() -> {
            store.put(row(new UUID(1, 1), 2));
            store.remove("contact", kept.id());
            store.put(row(replaced.id(), 2));
            store.rows("contact"); // ordered in between: the undo must still come out right
            throw new IllegalStateException("the body fails");
        })).hasMessage("the body fails");

        assertThat(store.rows("contact")).containsExactly(kept, replaced);
        assertThat(store.get("contact", new UUID(1, 1))).isNull();
    }

    @Test
    void a_table_emptied_has_no_rows_and_a_table_never_written_none_either() {
        RecordStore store = new RecordStore(7);
        SimRecord r = row(new UUID(3, 3), 1);
        store.atomically(() -> store.put(r));
        store.atomically(() -> store.remove("contact", r.id()));
        assertThat(store.rows("contact")).isEmpty();
        assertThat(store.rows("account")).isEmpty();
    }

    private static SimRecord row(UUID id, long version) {
        return new SimRecord("contact", id, Map.of("fullname", "row " + version), version);
    }
}
