package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/** The rule engine on the default mapping: a group session with two participants, one of them a lead. */
class RuleEngineTest {

    /** Shared by the rule tests: related records from maps, the default mapping, exact-payload assertions. */
    static final class Fixture implements RelatedRecords {
        static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        static final RecordIds IDS = new RecordIds(UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100"));
        static final Map<String, String> ENTITY_SETS = Map.of("contact", "contacts", "account", "accounts", "lead",
                "leads", "task", "tasks", "annotation", "annotations", "profi_coach", "profi_coaches",
                "profi_programenrollment", "profi_programenrollments", "profi_coachingpayment", "profi_coachingpayments");
        static final UUID ANNA = UUID.fromString("11111111-1111-4111-8111-111111111111");
        static final UUID EUR = UUID.fromString("33333333-3333-4333-8333-333333333333");
        static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

        final Map<String, ProfiRecord> records = new HashMap<>();
        final Map<String, List<ProfiRecord>> participants = new HashMap<>();
        final Set<String> leads = new HashSet<>();
        final Map<String, String> inferred = new HashMap<>();
        final Set<String> paidInvoices = new HashSet<>();
        final Map<String, byte[]> files = new HashMap<>();
        MappingFile mapping = MappingLoader.defaultMapping();
        long orgLimit = RuleContext.DEFAULT_ORG_ATTACHMENT_LIMIT;

        static ProfiRecord record(ProfiObject object, String... keyValues) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                fields.put(keyValues[i], keyValues[i + 1]);
            }
            return new ProfiRecord(object, fields, object.fileName(), 2);
        }

        Fixture add(ProfiRecord r) {
            records.put(r.object().typeName() + ":" + r.profiId(), r);
            if (r.object() == ProfiObject.SESSION_PARTICIPANT) {
                participants.computeIfAbsent(r.get("session_id"), k -> new ArrayList<>()).add(r);
            }
            return this;
        }

        @Override
        public Optional<ProfiRecord> get(String objectType, String profiId) {
            return Optional.ofNullable(records.get(objectType + ":" + profiId));
        }

        @Override
        public List<ProfiRecord> participants(String sessionId) {
            return participants.getOrDefault(sessionId, List.of());
        }

        @Override
        public String clientTable(String clientId) {
            return leads.contains(clientId) ? "lead" : "contact";
        }

        @Override
        public Optional<String> inferredPackage(String sessionId) {
            return Optional.ofNullable(inferred.get(sessionId));
        }

        @Override
        public boolean hasPayments(String invoiceId) {
            return paidInvoices.contains(invoiceId);
        }

        final Map<String, java.util.UUID> users = new HashMap<>();

        @Override
        public Optional<java.util.UUID> enabledUser(String email) {
            return Optional.ofNullable(users.get(email.toLowerCase(java.util.Locale.ROOT)));
        }

        /** Owner resolution: these emails have enabled users; any other email goes to {@link #fallbackOwner}. */
        final Map<String, UUID> owners = new HashMap<>(Map.of("anna@coach.example", ANNA));
        UUID fallbackOwner;

        RecordMapper mapper() {
            return new RecordMapper(mapping, IDS, ENTITY_SETS::get,
                    e -> Optional.ofNullable(owners.getOrDefault(e.toLowerCase(java.util.Locale.ROOT), fallbackOwner)),
                    iso -> iso.equals("EUR") ? Optional.of(EUR) : Optional.empty(), BERLIN, this::clientTable);
        }

        RuleContext ctx() {
            return new RuleContext(mapping, mapper(), IDS, ENTITY_SETS::get, BERLIN, this, files::get, orgLimit);
        }

        /** Maps {@code r} to {@code table} and applies its object's rules. */
        RuleEngine.Result run(ProfiRecord r, String table) {
            return new RuleEngine(ctx()).apply(r, mapper().map(r, table));
        }

        static String id(String type, String profiId) {
            return IDS.of(type, profiId).toString();
        }

        static String id(String type, String profiId, String part) {
            return IDS.of(type, profiId, part).toString();
        }

        static void assertPayload(MappedRecord m, String expectedJson) {
            try {
                JsonNode actual = JSON.readTree(m.payload().toString());
                assertThat(actual).isEqualTo(JSON.readTree(expectedJson));
            } catch (JsonProcessingException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void a_completed_group_session_gives_one_task_per_client_each_regarding_its_own_table_then_closes_all() {
        Fixture fx = new Fixture();
        fx.leads.add("CL-3");
        fx.add(Fixture.record(ProfiObject.SERVICE, "id", "SV-1", "name", "Group Coaching Circle"));
        fx.add(Fixture.record(ProfiObject.PACKAGE, "id", "PK-1", "client_id", "CL-1", "name", "Ten circles"));
        fx.add(Fixture.record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-9", "client_id", "CL-2",
                "attendance", "attended"));
        fx.add(Fixture.record(ProfiObject.SESSION_PARTICIPANT, "session_id", "SE-9", "client_id", "CL-3",
                "attendance", "attended"));
        ProfiRecord session = Fixture.record(ProfiObject.SESSION, "id", "SE-9", "client_id", "CL-1",
                "coach_email", "anna@coach.example", "service_id", "SV-1", "package_id", "PK-1",
                "session_type", "group", "medium", "video", "start_at", "2024-03-05T10:00:00Z",
                "end_at", "2024-03-05T11:30:00Z", "duration_minutes", "90", "status", "completed");

        RuleEngine.Result result = fx.run(session, "task");

        assertThat(result.rejected()).isFalse();
        List<MappedRecord> tasks = result.creates();
        assertThat(tasks).hasSize(3);
        String common = """
                "ownerid@odata.bind": "/systemusers(%s)",
                "profi_packageid": "PK-1", "profi_packagename": "Ten circles", "profi_packagelinkinferred": false,
                "subject": "Group Coaching Circle", "profi_sessiontype": 727000001, "profi_medium": 727000000,
                "scheduledstart": "2024-03-05T10:00:00Z", "profi_sessiondate": "2024-03-05T10:00:00Z",
                "scheduledend": "2024-03-05T11:30:00Z", "profi_durationminutes": 90, "profi_sessionstatus": 727000002,
                "actualstart": "2024-03-05T10:00:00Z", "actualend": "2024-03-05T11:30:00Z", "actualdurationminutes": 90
                """.formatted(Fixture.ANNA);
        Fixture.assertPayload(tasks.get(0), """
                {"activityid": "%s", "profi_profiid": "SE-9",
                 "regardingobjectid_contact_task@odata.bind": "/contacts(%s)", %s}
                """.formatted(Fixture.id("session", "SE-9"), Fixture.id("client", "CL-1"), common));
        Fixture.assertPayload(tasks.get(1), """
                {"activityid": "%s", "profi_profiid": "SE-9:CL-2",
                 "regardingobjectid_contact_task@odata.bind": "/contacts(%s)", %s}
                """.formatted(Fixture.id("session", "SE-9", "CL-2"), Fixture.id("client", "CL-2"), common));
        Fixture.assertPayload(tasks.get(2), """
                {"activityid": "%s", "profi_profiid": "SE-9:CL-3",
                 "regardingobjectid_lead_task@odata.bind": "/leads(%s)", %s}
                """.formatted(Fixture.id("session", "SE-9", "CL-3"), Fixture.id("client", "CL-3"), common));
        assertThat(tasks.get(0).id()).isEqualTo(Fixture.IDS.of("session", "SE-9"));
        assertThat(tasks.get(1).id()).isEqualTo(Fixture.IDS.of("session", "SE-9", "CL-2"));
        assertThat(tasks.get(2).id()).isEqualTo(Fixture.IDS.of("session", "SE-9", "CL-3"));
        assertThat(tasks.get(0).flags()).containsExactly(
                "title empty: service name 'Group Coaching Circle' written to subject");

        assertThat(result.writes()).hasSize(6);
        assertThat(result.writes().subList(0, 3)).allMatch(w -> w instanceof RuleEngine.Create);
        assertThat(result.stateChanges()).containsExactly(
                new RuleEngine.StateChange("task", tasks.get(0).id(), 1, 5),
                new RuleEngine.StateChange("task", tasks.get(1).id(), 1, 5),
                new RuleEngine.StateChange("task", tasks.get(2).id(), 1, 5));
    }

    @Test
    void a_mapper_rejection_passes_through_with_no_writes() {
        Fixture fx = new Fixture();
        RecordRejection r = new RecordRejection("session:SE-1", "start_at", "bad");
        RuleEngine.Result result = new RuleEngine(fx.ctx())
                .apply(Fixture.record(ProfiObject.SESSION, "id", "SE-1"), r);
        assertThat(result.writes()).isEmpty();
        assertThat(result.rejection()).isEqualTo(r);
    }

    @Test
    void objects_without_rules_are_written_as_mapped() {
        Fixture fx = new Fixture();
        ProfiRecord company = Fixture.record(ProfiObject.COMPANY, "id", "CO-1", "name", "Acme");
        RuleEngine.Result result = fx.run(company, "account");
        assertThat(result.creates()).hasSize(1);
        Fixture.assertPayload(result.creates().get(0), """
                {"accountid": "%s", "profi_profiid": "CO-1", "name": "Acme"}
                """.formatted(Fixture.id("company", "CO-1")));
        assertThat(result.stateChanges()).isEmpty();
    }

    @Test
    void every_rule_of_the_mapping_loader_is_known_and_an_unknown_name_is_an_error() {
        assertThat(RuleEngine.ruleNames()).containsExactlyInAnyOrderElementsOf(MappingLoader.RULES);
        for (String n : RuleEngine.ruleNames()) {
            assertThat(RuleEngine.rule(n).name()).isEqualTo(n);
        }
        assertThatThrownBy(() -> RuleEngine.rule("no-such-rule")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-rule");
    }
}
