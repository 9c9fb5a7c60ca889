package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.assertPayload;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.id;
import static org.profid365.migrator.mapping.RuleEngineTest.Fixture.record;

import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

class PackageLinkRebuildRuleTest {

    final RuleEngineTest.Fixture fx = new RuleEngineTest.Fixture();

    static ProfiRecord session(String id, String... more) {
        String[] base = {"id", id, "client_id", "CL-1", "coach_email", "anna@coach.example", "title", "Session",
                "start_at", "2024-03-05T10:00:00Z"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return record(ProfiObject.SESSION, all);
    }

    static String expected(String sessionId, String extra) {
        return """
                {"activityid": "%s", "profi_profiid": "%s", "regardingobjectid_contact_task@odata.bind": "/contacts(%s)",
                 "ownerid@odata.bind": "/systemusers(%s)", "subject": "Session",
                 "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z"%s}
                """.formatted(id("session", sessionId), sessionId, id("client", "CL-1"), RuleEngineTest.Fixture.ANNA, extra);
    }

    @Test
    void an_inferred_package_is_written_and_marked_inferred() {
        fx.add(record(ProfiObject.PACKAGE, "id", "PK-7", "client_id", "CL-1", "name", " 5-pack "));
        fx.inferred.put("SE-1", "PK-7");
        RuleEngine.Result r = fx.run(session("SE-1"), "task");
        assertPayload(r.creates().get(0), expected("SE-1", """
                , "profi_packageid": "PK-7", "profi_packagename": "5-pack", "profi_packagelinkinferred": true"""));
        assertThat(r.creates().get(0).flags()).containsExactly("package link inferred: package PK-7");
    }

    @Test
    void an_explicit_package_is_not_inferred() {
        fx.add(record(ProfiObject.PACKAGE, "id", "PK-1", "client_id", "CL-1", "name", "10-pack"));
        fx.inferred.put("SE-2", "PK-7"); // ignored: the export names the package
        RuleEngine.Result r = fx.run(session("SE-2", "package_id", "PK-1"), "task");
        assertPayload(r.creates().get(0), expected("SE-2", """
                , "profi_packageid": "PK-1", "profi_packagename": "10-pack", "profi_packagelinkinferred": false"""));
        assertThat(r.creates().get(0).flags()).isEmpty();
    }

    @Test
    void no_package_writes_none_of_the_package_columns() {
        RuleEngine.Result r = fx.run(session("SE-3"), "task");
        assertPayload(r.creates().get(0), expected("SE-3", ""));
    }

    @Test
    void a_package_not_in_the_export_leaves_its_name_empty_and_is_flagged() {
        RuleEngine.Result r = fx.run(session("SE-4", "package_id", "PK-404"), "task");
        assertPayload(r.creates().get(0), expected("SE-4", """
                , "profi_packageid": "PK-404", "profi_packagelinkinferred": false"""));
        assertThat(r.creates().get(0).flags())
                .containsExactly("package PK-404 is not in the export: profi_packagename left empty");
    }
}
