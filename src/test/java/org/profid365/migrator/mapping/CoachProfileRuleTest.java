package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;

class CoachProfileRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    @Test
    void the_name_is_first_and_last_name_trimmed_with_single_spaces_and_the_profile_links_to_the_coachs_user() {
        java.util.UUID annasUser = java.util.UUID.fromString("00000000-0000-0000-0000-00000000a11a");
        fx.users.put("anna@coach.example", annasUser);
        RuleEngine.Result r = fx.run(record(ProfiObject.COACH, "id", "CH-1", "email", "Anna@Coach.example",
                "first_name", "  Anna   Maria ", "last_name", " Berg ", "active", "true",
                "created_at", "2023-01-10T09:00:00Z"), "profi_coach");
        assertThat(r.creates()).hasSize(1);
        assertPayload(r.creates().get(0), """
                {"profi_coachid": "%s", "profi_profiid": "CH-1", "profi_email": "anna@coach.example",
                 "profi_active": true, "overriddencreatedon": "2023-01-10T09:00:00Z",
                 "profi_originalcreatedate": "2023-01-10T09:00:00Z", "profi_name": "Anna Maria Berg",
                 "profi_userid@odata.bind": "/systemusers(00000000-0000-0000-0000-00000000a11a)"}
                """.formatted(id("coach", "CH-1")));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_coach_without_an_enabled_user_is_flagged_and_not_linked() {
        RuleEngine.Result r = fx.run(record(ProfiObject.COACH, "id", "CH-9", "email", "left@coach.example",
                "first_name", "Lena"), "profi_coach");

        assertThat(r.creates().get(0).payload().has("profi_userid@odata.bind")).isFalse();
        assertThat(r.creates().get(0).flags())
                .containsExactly("coach left@coach.example has no enabled Dynamics user: profile not linked");
    }

    @Test
    void one_name_alone_is_the_name() {
        RuleEngine.Result r = fx.run(record(ProfiObject.COACH, "id", "CH-2", "email", "b@coach.example",
                "last_name", "Berg"), "profi_coach");
        assertPayload(r.creates().get(0), """
                {"profi_coachid": "%s", "profi_profiid": "CH-2", "profi_email": "b@coach.example", "profi_name": "Berg"}
                """.formatted(id("coach", "CH-2")));
    }

    @Test
    void without_a_name_the_email_is_the_name() {
        RuleEngine.Result r = fx.run(record(ProfiObject.COACH, "id", "CH-3", "email", " Ben@Coach.example ",
                "first_name", "  "), "profi_coach");
        assertPayload(r.creates().get(0), """
                {"profi_coachid": "%s", "profi_profiid": "CH-3", "profi_email": "ben@coach.example",
                 "profi_name": "ben@coach.example"}
                """.formatted(id("coach", "CH-3")));
    }

    @Test
    void without_name_and_email_the_coach_is_rejected() {
        RuleEngine.Result r = fx.run(record(ProfiObject.COACH, "id", "CH-4"), "profi_coach");
        assertThat(r.writes()).isEmpty();
        assertThat(r.rejection().recordKey()).isEqualTo("coach:CH-4");
        assertThat(r.rejection().reason()).contains("has no first name, last name or email");
    }

    @Test
    void a_name_longer_than_the_primary_name_is_cut_and_flagged() {
        String longName = "A".repeat(150) + " " + "B".repeat(100);
        fx.users.put("c@coach.example", java.util.UUID.fromString("00000000-0000-0000-0000-00000000000c"));
        RuleEngine.Result r = fx.run(record(ProfiObject.COACH, "id", "CH-5", "email", "c@coach.example",
                "first_name", "A".repeat(150), "last_name", "B".repeat(100)), "profi_coach");
        MappedRecord m = r.creates().get(0);
        assertThat(m.payload().get("profi_name").textValue()).isEqualTo(longName.substring(0, 200));
        assertThat(m.flags()).containsExactly("truncated profi_name to 200 characters (first_name had 251)");
    }
}
