package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientPackage;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientSession;
import org.profid365.migrator.mapping.PackageLinkRebuilder.Result;

class PackageLinkRebuilderTest {

    private final PackageLinkRebuilder rebuilder = new PackageLinkRebuilder();

    private static ClientPackage pack(String id, String service, String purchased, String expires, Integer included) {
        return new ClientPackage(id, "CL-1", service, at(purchased), expires == null ? null : at(expires), included);
    }

    private static ClientSession unlinked(String id, String service, String start) {
        return new ClientSession(id, "CL-1", service, null, at(start));
    }

    private static ClientSession linked(String id, String service, String packageId, String start) {
        return new ClientSession(id, "CL-1", service, packageId, at(start));
    }

    private static Instant at(String date) {
        return Instant.parse(date + "T10:00:00Z");
    }

    @Test
    void a_session_inside_the_window_of_a_package_of_its_service_is_linked() {
        Result r = rebuilder.rebuild(List.of(pack("PK-1", "SV-1", "2024-01-01", "2024-06-30", 5)),
                List.of(unlinked("SE-1", "SV-1", "2024-03-01")));

        assertThat(r.inferred()).containsExactly(entry("SE-1", "PK-1"));
        assertThat(r.unresolved()).isEmpty();
    }

    @Test
    void sessions_before_purchase_or_after_expiry_are_not_linked() {
        Result r = rebuilder.rebuild(List.of(pack("PK-1", "SV-1", "2024-01-01", "2024-06-30", 5)),
                List.of(unlinked("SE-EARLY", "SV-1", "2023-12-31"), unlinked("SE-LATE", "SV-1", "2024-07-01")));

        assertThat(r.inferred()).isEmpty();
        assertThat(r.unresolved()).containsExactly("SE-EARLY", "SE-LATE");
    }

    @Test
    void the_window_includes_its_first_and_last_instant_and_a_package_without_expiry_never_expires() {
        Result r = rebuilder.rebuild(
                List.of(pack("PK-1", "SV-1", "2024-01-01", "2024-01-31", 5), pack("PK-2", "SV-2", "2024-01-01", null, 5)),
                List.of(unlinked("SE-1", "SV-1", "2024-01-01"), unlinked("SE-2", "SV-1", "2024-01-31"),
                        unlinked("SE-3", "SV-2", "2030-01-01")));

        assertThat(r.inferred()).containsExactly(entry("SE-1", "PK-1"), entry("SE-2", "PK-1"), entry("SE-3", "PK-2"));
    }

    @Test
    void a_package_of_another_service_is_not_matched() {
        Result r = rebuilder.rebuild(List.of(pack("PK-1", "SV-2", "2024-01-01", "2024-12-31", 5)),
                List.of(unlinked("SE-1", "SV-1", "2024-03-01"), new ClientSession("SE-2", "CL-1", null, null, at("2024-03-02"))));

        assertThat(r.inferred()).isEmpty();
        assertThat(r.unresolved()).containsExactly("SE-1", "SE-2");
    }

    @Test
    void a_package_of_another_client_is_not_matched() {
        ClientPackage other = new ClientPackage("PK-9", "CL-2", "SV-1", at("2024-01-01"), at("2024-12-31"), 5);

        Result r = rebuilder.rebuild(List.of(other), List.of(unlinked("SE-1", "SV-1", "2024-03-01")));

        assertThat(r.unresolved()).containsExactly("SE-1");
    }

    @Test
    void explicit_links_use_up_room_so_only_what_is_left_is_inferred_oldest_session_first() {
        Result r = rebuilder.rebuild(List.of(pack("PK-1", "SV-1", "2024-01-01", "2024-12-31", 3)),
                List.of(unlinked("SE-NEWEST", "SV-1", "2024-05-01"), linked("SE-A", "SV-1", "PK-1", "2024-02-01"),
                        unlinked("SE-OLDEST", "SV-1", "2024-03-01"), linked("SE-B", "SV-1", "PK-1", "2024-02-02")));

        assertThat(r.inferred()).containsExactly(entry("SE-OLDEST", "PK-1"));
        assertThat(r.unresolved()).containsExactly("SE-NEWEST");
    }

    @Test
    void the_earliest_purchased_package_fills_first_and_the_next_takes_the_overflow() {
        // given in the wrong order on purpose: the rule orders by purchase date, not by input order
        Result r = rebuilder.rebuild(
                List.of(pack("PK-LATER", "SV-1", "2024-02-01", "2024-12-31", 2), pack("PK-EARLIER", "SV-1", "2024-01-01", "2024-12-31", 1)),
                List.of(unlinked("SE-3", "SV-1", "2024-04-01"), unlinked("SE-1", "SV-1", "2024-03-01"),
                        unlinked("SE-2", "SV-1", "2024-03-15"), unlinked("SE-4", "SV-1", "2024-05-01")));

        assertThat(r.inferred()).containsExactly(entry("SE-1", "PK-EARLIER"), entry("SE-2", "PK-LATER"), entry("SE-3", "PK-LATER"));
        assertThat(r.unresolved()).containsExactly("SE-4");
    }

    @Test
    void a_session_before_the_later_package_is_bought_can_only_go_to_the_earlier_one() {
        Result r = rebuilder.rebuild(
                List.of(pack("PK-1", "SV-1", "2024-01-01", "2024-12-31", 1), pack("PK-2", "SV-1", "2024-06-01", "2024-12-31", 5)),
                List.of(unlinked("SE-1", "SV-1", "2024-02-01"), unlinked("SE-2", "SV-1", "2024-03-01"),
                        unlinked("SE-3", "SV-1", "2024-07-01")));

        assertThat(r.inferred()).containsExactly(entry("SE-1", "PK-1"), entry("SE-3", "PK-2"));
        assertThat(r.unresolved()).containsExactly("SE-2");
    }

    @Test
    void a_package_without_a_session_count_has_no_cap_and_one_without_a_purchase_date_matches_nothing() {
        ClientPackage undated = new ClientPackage("PK-0", "CL-1", "SV-1", null, at("2024-12-31"), 10);

        Result r = rebuilder.rebuild(List.of(undated, pack("PK-1", "SV-1", "2024-01-01", "2024-12-31", null)),
                List.of(unlinked("SE-1", "SV-1", "2024-02-01"), unlinked("SE-2", "SV-1", "2024-03-01"),
                        unlinked("SE-3", "SV-1", "2024-04-01")));

        assertThat(r.inferred()).containsOnlyKeys("SE-1", "SE-2", "SE-3").containsValue("PK-1").doesNotContainValue("PK-0");
    }

    @Test
    void no_packages_leaves_every_unlinked_session_unresolved_and_linked_ones_alone() {
        Result r = rebuilder.rebuild(List.of(),
                List.of(unlinked("SE-1", "SV-1", "2024-02-01"), linked("SE-2", "SV-1", "PK-404", "2024-03-01")));

        assertThat(r.inferred()).isEmpty();
        assertThat(r.unresolved()).containsExactly("SE-1");
    }

    private static Map.Entry<String, String> entry(String k, String v) {
        return Map.entry(k, v);
    }
}
