package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/** Deleting many records by id, and reading which relationships a delete cascades through. */
class BulkDeleteSimulatorTest {

    private static List<UUID> createContacts(SimulatorFixture f, int count) {
        List<RecordWrite> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ObjectNode c = DataverseJson.object();
            c.put("lastname", "Last" + i);
            records.add(RecordWrite.of("C-" + i, UUID.nameUUIDFromBytes(("delete-" + i).getBytes()), c));
        }
        f.dv.bulkWriter().create(TableRef.CONTACT, records).forEach(o -> assertThat(o.ok()).isTrue());
        return records.stream().map(RecordWrite::id).toList();
    }

    @Test
    void deletes_go_as_batches_with_continue_on_error_and_a_record_already_gone_counts_as_done() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"),
                "dataverse.client.batch-max-parts", "4")) {
            List<UUID> ids = new ArrayList<>(createContacts(f, 10));
            assertThat(f.dv.recordWriter().delete(TableRef.CONTACT, "gone", ids.get(3)).ok()).isTrue();
            int before = f.sim.requests().size();

            List<WriteOutcome> out = f.dv.bulkWriter().delete(TableRef.CONTACT, ids);

            assertThat(out).extracting(WriteOutcome::id).containsExactlyElementsOf(ids);
            assertThat(out).allSatisfy(o -> {
                assertThat(o.ok()).as(o.toString()).isTrue();
                assertThat(o.key()).isEqualTo(o.id().toString());
                assertThat(o.appUser()).isEqualTo("a");
            });
            List<DataverseRequestLog> sent = List.copyOf(f.logged(before + 3).subList(before, before + 3));
            assertThat(sent).extracting(DataverseRequestLog::path).containsOnly("/api/data/v9.2/$batch");
            assertThat(f.dv.reader().readAll(ODataQuery.from("contacts").select("contactid"))).isEmpty();
            assertThat(f.sim.requests()).hasSize(before + 4); // three batches of at most 4, then the read
        }
    }

    @Test
    void throttled_deletes_wait_for_retry_after_and_all_go() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults().windowMillis(1_000).maxRequests(3),
                List.of("a"), "dataverse.client.batch-max-parts", "4")) {
            List<UUID> ids = createContacts(f, 12);

            List<WriteOutcome> out = f.dv.bulkWriter().delete(TableRef.CONTACT, ids);

            assertThat(out).allSatisfy(o -> assertThat(o.ok()).as(o.toString()).isTrue());
            assertThat(f.sim.requests()).anyMatch(r -> r.status() == 429 && r.path().endsWith("$batch"));
            assertThat(f.user("a").budget().throttledCount()).isPositive();
            assertThat(f.dv.reader().readAll(ODataQuery.from("contacts").select("contactid"))).isEmpty();
        }
    }

    @Test
    void a_refused_delete_fails_alone_and_the_others_go() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            List<UUID> ids = new ArrayList<>(createContacts(f, 3));
            UUID user = f.sim.addSystemUser("someone@test.example", "Someone", false);
            List<UUID> mixed = List.of(ids.get(0), user, ids.get(1));

            List<WriteOutcome> out = f.dv.bulkWriter().delete(new TableRef("contact", "systemusers", "systemuserid"),
                    List.of(user));
            List<WriteOutcome> contacts = f.dv.bulkWriter().delete(TableRef.CONTACT, mixed);

            assertThat(out.get(0).ok()).isFalse();
            assertThat(out.get(0).error().status()).isEqualTo(400);
            assertThat(contacts).extracting(WriteOutcome::ok).containsExactly(true, true, true); // 404 on contacts(user)
            assertThat(f.dv.reader().readAll(ODataQuery.from("contacts").select("contactid"))).hasSize(1);
        }
    }

    @Test
    void one_to_many_relationships_tell_which_deletes_cascade_and_the_navigation_to_unlink_through() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            List<OneToManyRelationship> account = f.dv.metadata().oneToManyRelationships("account");

            assertThat(account).filteredOn(OneToManyRelationship::cascadesDelete)
                    .extracting(OneToManyRelationship::schemaName, OneToManyRelationship::referencingEntity,
                            OneToManyRelationship::referencingAttribute, OneToManyRelationship::navigationProperty)
                    .contains(org.assertj.core.groups.Tuple.tuple("contact_customer_accounts", "contact",
                                    "parentcustomerid", "parentcustomerid_account"),
                            org.assertj.core.groups.Tuple.tuple("Account_Tasks", "task", "regardingobjectid",
                                    "regardingobjectid_account_task"));
            assertThat(account).filteredOn(r -> r.schemaName().equals("account_parent_account"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.cascadesDelete()).isFalse();
                        assertThat(r.deleteCascade()).isEqualTo("RemoveLink");
                        assertThat(r.referencedEntity()).isEqualTo("account");
                    });
        }
    }
}
