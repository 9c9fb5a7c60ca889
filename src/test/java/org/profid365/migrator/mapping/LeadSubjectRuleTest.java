package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;

class LeadSubjectRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    @Test
    void a_lead_gets_subject_and_the_name_of_its_company() {
        fx.add(record(ProfiObject.COMPANY, "id", "CO-1", "name", "  Acme Coaching GmbH "));
        RuleEngine.Result r = fx.run(record(ProfiObject.CLIENT, "id", "CL-5", "first_name", " Eva ", "last_name", "Nowak",
                "email", "eva@example.org", "owner_email", "anna@coach.example", "company_id", "CO-1"), "lead");
        assertPayload(r.creates().get(0), """
                {"leadid": "%s", "profi_profiid": "CL-5", "firstname": "Eva", "lastname": "Nowak",
                 "emailaddress1": "eva@example.org", "ownerid@odata.bind": "/systemusers(%s)",
                 "subject": "Eva Nowak (Profi)", "companyname": "Acme Coaching GmbH"}
                """.formatted(id("client", "CL-5"), RuleEngineTest.Fixture.ANNA));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_lead_without_company_gets_only_the_subject() {
        RuleEngine.Result r = fx.run(record(ProfiObject.CLIENT, "id", "CL-6", "first_name", "Eva",
                "owner_email", "anna@coach.example"), "lead");
        assertPayload(r.creates().get(0), """
                {"leadid": "%s", "profi_profiid": "CL-6", "firstname": "Eva",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Eva (Profi)"}
                """.formatted(id("client", "CL-6"), RuleEngineTest.Fixture.ANNA));
    }

    @Test
    void a_company_not_in_the_export_leaves_companyname_empty_and_is_flagged() {
        RuleEngine.Result r = fx.run(record(ProfiObject.CLIENT, "id", "CL-7", "first_name", "Eva", "last_name", "Nowak",
                "owner_email", "anna@coach.example", "company_id", "CO-404"), "lead");
        assertThat(r.creates().get(0).payload().has("companyname")).isFalse();
        assertThat(r.creates().get(0).payload().get("subject").textValue()).isEqualTo("Eva Nowak (Profi)");
        assertThat(r.creates().get(0).flags())
                .containsExactly("company CO-404 is not in the export: companyname left empty");
    }

    @Test
    void a_contact_is_left_alone() {
        fx.add(record(ProfiObject.COMPANY, "id", "CO-1", "name", "Acme"));
        RuleEngine.Result r = fx.run(record(ProfiObject.CLIENT, "id", "CL-8", "first_name", "Eva",
                "owner_email", "anna@coach.example", "company_id", "CO-1"), "contact");
        assertPayload(r.creates().get(0), """
                {"contactid": "%s", "profi_profiid": "CL-8", "firstname": "Eva",
                 "parentcustomerid_account@odata.bind": "/accounts(%s)", "ownerid@odata.bind": "/systemusers(%s)"}
                """.formatted(id("client", "CL-8"), id("company", "CO-1"), RuleEngineTest.Fixture.ANNA));
    }
}
