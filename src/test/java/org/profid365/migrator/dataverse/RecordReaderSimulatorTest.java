package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

class RecordReaderSimulatorTest {

    private static RecordWrite contact(String key, String lastname) {
        ObjectNode c = DataverseJson.object();
        c.put("lastname", lastname);
        return RecordWrite.of(key, UUID.nameUUIDFromBytes(key.getBytes()), c);
    }

    @Test
    void a_filter_on_o_brien_finds_exactly_that_record() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            f.dv.bulkWriter().create(TableRef.CONTACT, List.of(contact("1", "O'Brien"), contact("2", "OBrien"),
                    contact("3", "O''Brien"), contact("4", "Brien")));

            List<ObjectNode> found = f.dv.reader().readAll(ODataQuery.from("contacts")
                    .select("contactid", "lastname")
                    .filter("lastname eq " + ODataLiteral.string("O'Brien")));

            assertThat(found).singleElement().satisfies(row -> {
                assertThat(row.path("lastname").asText()).isEqualTo("O'Brien");
                assertThat(row.path("contactid").asText()).isEqualTo(UUID.nameUUIDFromBytes("1".getBytes()).toString());
            });
            assertThat(f.loggedOnce(r -> r.path().contains("%27O%27%27Brien%27"))).isNotEmpty();
        }
    }

    @Test
    void pages_are_followed_through_next_links_and_handed_over_one_at_a_time() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            List<RecordWrite> records = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                records.add(contact("P" + i, "Paged" + i));
            }
            f.dv.bulkWriter().create(TableRef.CONTACT, records);
            int before = f.logged(2).size(); // sdkmessagefilters, CreateMultiple

            List<Integer> pageSizes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            long total = new RecordReader(f.dv.client(), 3).forEachPage(
                    ODataQuery.from("contacts").select("lastname").orderBy("lastname asc"), page -> {
                        pageSizes.add(page.size());
                        page.forEach(r -> names.add(r.path("lastname").asText()));
                    });

            assertThat(total).isEqualTo(7);
            assertThat(pageSizes).containsExactly(3, 3, 1);
            assertThat(names).containsExactly("Paged0", "Paged1", "Paged2", "Paged3", "Paged4", "Paged5", "Paged6");
            List<DataverseRequestLog> reads = f.logged(before + 3).subList(before, before + 3);
            assertThat(reads).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(reads.get(1).path()).isNotEqualTo(reads.get(0).path());
        }
    }

    @Test
    void a_missing_record_is_empty_not_an_error() throws Exception {
        try (SimulatorFixture f = SimulatorFixture.start(DataverseSimOptions.defaults(), List.of("a"))) {
            assertThat(f.dv.reader().retrieve("contacts", UUID.randomUUID(), "lastname")).isEmpty();
        }
    }
}
