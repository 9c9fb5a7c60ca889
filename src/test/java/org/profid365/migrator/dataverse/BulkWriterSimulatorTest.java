package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

class BulkWriterSimulatorTest {

    private static RecordWrite contact(int n, String lastname) {
        ObjectNode c = DataverseJson.object();
        c.put("firstname", "First" + n);
        c.put("lastname", lastname);
        return RecordWrite.of("C-" + n, UUID.nameUUIDFromBytes(("contact-" + n).getBytes()), c);
    }

    private static List<RecordWrite> contacts(int count) {
        List<RecordWrite> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(contact(i, "Last" + i));
        }
        return list;
    }

    private static long count(SimulatorFixture f, String entitySet) {
        return f.dv.reader().readAll(ODataQuery.from(entitySet).select(TableRef.CONTACT.primaryIdAttribute())).size();
    }

    @Test
    void one_bad_record_in_a_bulk_create_leaves_the_good_ones_written_and_one_clear_error() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            List<RecordWrite> records = contacts(5);
            records.set(2, contact(3, "x".repeat(60))); // lastname allows 50 characters

            List<WriteOutcome> out = f.dv.bulkWriter().create(TableRef.CONTACT, records);

            assertThat(out).extracting(WriteOutcome::key).containsExactly("C-1", "C-2", "C-3", "C-4", "C-5");
            assertThat(out).filteredOn(WriteOutcome::ok).hasSize(4)
                    .allSatisfy(o -> assertThat(o.appUser()).isEqualTo("a"))
                    .allSatisfy(o -> assertThat(o.requestId()).isNotBlank());
            WriteOutcome bad = out.get(2);
            assertThat(bad.ok()).isFalse();
            assertThat(bad.error().status()).isEqualTo(400);
            assertThat(bad.error().code()).isEqualTo("0x80044331");
            assertThat(bad.error().message()).contains("lastname");
            assertThat(bad.error().retryable()).isFalse();
            assertThat(bad.id()).isEqualTo(records.get(2).id());
            assertThat(count(f, "contacts")).isEqualTo(4);
            assertThat(f.loggedOnce(r -> r.path().endsWith("$batch"))).extracting(DataverseRequestLog::method, DataverseRequestLog::path)
                    .contains(org.assertj.core.groups.Tuple.tuple("POST",
                            "/api/data/v9.2/contacts/Microsoft.Dynamics.CRM.CreateMultiple"),
                            org.assertj.core.groups.Tuple.tuple("POST", "/api/data/v9.2/$batch"));
        }
    }

    @Test
    void a_table_without_create_multiple_is_written_through_batch() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            f.sim.setBulkSupported("contact", "CreateMultiple", false);

            List<WriteOutcome> out = f.dv.bulkWriter().create(TableRef.CONTACT, contacts(7));

            assertThat(out).hasSize(7).allSatisfy(o -> assertThat(o.ok()).isTrue());
            assertThat(out).extracting(WriteOutcome::id)
                    .containsExactlyElementsOf(contacts(7).stream().map(RecordWrite::id).toList());
            assertThat(f.loggedOnce(r -> r.path().endsWith("$batch"))).extracting(DataverseRequestLog::path)
                    .noneMatch(p -> p.endsWith("Microsoft.Dynamics.CRM.CreateMultiple"))
                    .anyMatch(p -> p.startsWith("/api/data/v9.2/sdkmessagefilters"))
                    .filteredOn(p -> p.endsWith("$batch")).hasSize(1);
            assertThat(count(f, "contacts")).isEqualTo(7);
        }
    }

    @Test
    void create_multiple_returns_the_ids_in_order() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            List<RecordWrite> records = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ObjectNode c = DataverseJson.object();
                c.put("lastname", "NoId" + i);
                records.add(RecordWrite.of("N-" + i, null, c));
            }

            List<WriteOutcome> out = f.dv.bulkWriter().create(TableRef.CONTACT, records);

            assertThat(out).allSatisfy(o -> assertThat(o.id()).isNotNull());
            for (WriteOutcome o : out) {
                ObjectNode row = f.dv.reader().retrieve("contacts", o.id(), "lastname").orElseThrow();
                assertThat(row.path("lastname").asText()).isEqualTo("NoId" + o.key().substring(2));
            }
        }
    }

    @Test
    void upsert_merges_records_sharing_a_key_before_sending() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            RecordWrite first = contact(1, "Old");
            ObjectNode later = DataverseJson.object();
            later.put("lastname", "New");
            RecordWrite second = RecordWrite.of("C-1b", first.id(), later);

            List<WriteOutcome> out = f.dv.bulkWriter().upsert(TableRef.CONTACT, List.of(first, contact(2, "Two"), second));

            assertThat(out).extracting(WriteOutcome::key).containsExactly("C-1", "C-2", "C-1b");
            assertThat(out).allSatisfy(o -> assertThat(o.ok()).isTrue());
            ObjectNode row = f.dv.reader().retrieve("contacts", first.id(), "firstname", "lastname").orElseThrow();
            assertThat(row.path("lastname").asText()).isEqualTo("New");
            assertThat(row.path("firstname").asText()).isEqualTo("First1");
            assertThat(count(f, "contacts")).isEqualTo(2);
        }
    }

    @Test
    void single_writes_honour_their_conditions_and_a_missing_record_counts_as_deleted() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            RecordWriter w = f.dv.recordWriter();
            RecordWrite ann = contact(1, "Ann");

            assertThat(w.update(TableRef.CONTACT, ann).error().status()).isEqualTo(404);
            assertThat(w.createOnly(TableRef.CONTACT, ann).ok()).isTrue();
            WriteOutcome again = w.createOnly(TableRef.CONTACT, ann);
            assertThat(again.ok()).isFalse();
            assertThat(again.error().code()).isEqualTo(DataverseError.DUPLICATE);
            assertThat(w.update(TableRef.CONTACT, ann).ok()).isTrue();
            assertThat(w.upsert(TableRef.CONTACT, contact(2, "Bob")).ok()).isTrue();
            assertThat(w.delete(TableRef.CONTACT, "C-1", ann.id()).ok()).isTrue();
            assertThat(w.delete(TableRef.CONTACT, "C-1", ann.id()).ok()).isTrue();
            assertThat(f.dv.reader().retrieve("contacts", ann.id())).isEmpty();
        }
    }

    @Test
    void a_task_is_created_open_and_then_closed() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            UUID taskId = UUID.nameUUIDFromBytes("task-1".getBytes());
            ObjectNode task = DataverseJson.object();
            task.put("subject", "Session 1");
            task.put("description", "Coaching session");

            assertThat(f.dv.recordWriter().create(TableRef.TASK, RecordWrite.of("S-1", taskId, task)).ok()).isTrue();
            WriteOutcome closed = f.dv.recordWriter().closeTask("S-1", taskId, 1, 5);

            assertThat(closed.ok()).as(String.valueOf(closed)).isTrue();
            ObjectNode row = f.dv.reader().retrieve("tasks", taskId, "statecode", "statuscode").orElseThrow();
            assertThat(row.path("statecode").asInt()).isEqualTo(1);
            assertThat(row.path("statuscode").asInt()).isEqualTo(5);
        }
    }
}
