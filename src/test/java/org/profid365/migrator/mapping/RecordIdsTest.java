package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RecordIdsTest {

    @Test
    void ids_are_rfc4122_version_5_uuids() {
        // the DNS namespace and "python.org": the example every UUID v5 implementation is checked against
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        assertThat(RecordIds.uuid5(dns, "python.org")).isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
    }

    @Test
    void the_same_record_always_gets_the_same_id_and_other_records_or_migrations_do_not() {
        UUID ns = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100");
        RecordIds ids = new RecordIds(ns);

        assertThat(ids.of("client", "CL-1")).isEqualTo(new RecordIds(ns).of("client", "CL-1"));
        assertThat(ids.of("client", "CL-1")).isNotEqualTo(ids.of("company", "CL-1"));
        assertThat(ids.of("session", "SE-1", "CL-2")).isNotEqualTo(ids.of("session", "SE-1", "CL-3"));
        assertThat(ids.of("client", "CL-1")).isNotEqualTo(new RecordIds(UUID.randomUUID()).of("client", "CL-1"));
        assertThat(ids.of("client", "CL-1").version()).isEqualTo(5);
    }

    @Test
    void one_instance_shared_by_threads_gives_each_record_the_id_a_fresh_computation_gives() throws Exception {
        UUID ns = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100");
        RecordIds shared = new RecordIds(ns);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<UUID>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<UUID> out = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        out.add(shared.of("client", "CL-" + i));
                    }
                    return out;
                }));
            }
            for (Future<List<UUID>> r : results) {
                List<UUID> got = r.get();
                for (int i = 0; i < got.size(); i += 997) {
                    assertThat(got.get(i)).isEqualTo(RecordIds.uuid5(ns, "client:CL-" + i));
                }
                assertThat(got).isEqualTo(results.get(0).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
