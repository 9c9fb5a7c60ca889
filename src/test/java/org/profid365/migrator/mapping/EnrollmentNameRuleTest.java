package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;

class EnrollmentNameRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    @Test
    void the_name_is_program_dash_client_and_the_program_name_is_written() {
        fx.add(record(ProfiObject.PROGRAM, "id", "PR-1", "name", " Leadership Bootcamp "));
        fx.add(record(ProfiObject.CLIENT, "id", "CL-1", "first_name", "Mia", "last_name", " Klein"));
        RuleEngine.Result r = fx.run(record(ProfiObject.ENROLLMENT, "id", "EN-1", "client_id", "CL-1",
                "program_id", "PR-1", "status", "active"), "profi_programenrollment");
        assertPayload(r.creates().get(0), """
                {"profi_programenrollmentid": "%s", "profi_profiid": "EN-1",
                 "profi_ContactId@odata.bind": "/contacts(%s)", "profi_programid": "PR-1",
                 "profi_enrollmentstatus": 727000000, "profi_programname": "Leadership Bootcamp",
                 "profi_name": "Leadership Bootcamp – Mia Klein"}
                """.formatted(id("enrollment", "EN-1"), id("client", "CL-1")));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void a_program_or_client_not_in_the_export_is_named_by_its_id_and_flagged() {
        RuleEngine.Result r = fx.run(record(ProfiObject.ENROLLMENT, "id", "EN-2", "client_id", "CL-9",
                "program_id", "PR-9"), "profi_programenrollment");
        assertPayload(r.creates().get(0), """
                {"profi_programenrollmentid": "%s", "profi_profiid": "EN-2",
                 "profi_ContactId@odata.bind": "/contacts(%s)", "profi_programid": "PR-9",
                 "profi_name": "PR-9 – CL-9"}
                """.formatted(id("enrollment", "EN-2"), id("client", "CL-9")));
        assertThat(r.creates().get(0).flags()).containsExactly(
                "program PR-9 has no name in the export: the enrollment is named by its id",
                "client CL-9 has no name in the export: the enrollment is named by its id");
    }
}
