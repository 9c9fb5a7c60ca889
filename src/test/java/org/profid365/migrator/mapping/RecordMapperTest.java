package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;

/** The field-level mapper against the bundled default mapping: one hand-written record per object row, exact payloads. */
class RecordMapperTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final RecordIds IDS = new RecordIds(UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100"));
    static final Map<String, String> ENTITY_SETS = Map.of("contact", "contacts", "account", "accounts", "lead", "leads",
            "task", "tasks", "annotation", "annotations", "profi_coach", "profi_coaches",
            "profi_programenrollment", "profi_programenrollments", "profi_coachingpayment", "profi_coachingpayments");
    static final UUID ANNA = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID FALLBACK = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final UUID EUR = UUID.fromString("33333333-3333-4333-8333-333333333333");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** anna@coach.example is a matched user; any other known-domain email falls back; ghost@nowhere.example resolves to nothing. */
    static Optional<UUID> owner(String email) {
        if (email.equalsIgnoreCase("anna@coach.example")) {
            return Optional.of(ANNA);
        }
        return email.endsWith("@coach.example") ? Optional.of(FALLBACK) : Optional.empty();
    }

    static Optional<UUID> currency(String iso) {
        return iso.equals("EUR") ? Optional.of(EUR) : Optional.empty();
    }

    static RecordMapper mapper(MappingFile mapping) {
        return new RecordMapper(mapping, IDS, ENTITY_SETS::get, RecordMapperTest::owner, RecordMapperTest::currency, BERLIN);
    }

    static final RecordMapper DEFAULT = mapper(MappingLoader.defaultMapping());

    static ProfiRecord record(ProfiObject object, String... keyValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        return new ProfiRecord(object, fields, object.fileName(), 2);
    }

    static MappedRecord mapped(RecordMapResult result) {
        assertThat(result).isInstanceOf(MappedRecord.class);
        return (MappedRecord) result;
    }

    static RecordRejection rejected(RecordMapResult result) {
        assertThat(result).isInstanceOf(RecordRejection.class);
        return (RecordRejection) result;
    }

    static void assertPayload(MappedRecord m, String expectedJson) {
        try {
            JsonNode actual = JSON.readTree(m.payload().toString());
            assertThat(actual).isEqualTo(JSON.readTree(expectedJson));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static ProfiRecord company(String... overrides) {
        Map<String, String> f = new LinkedHashMap<>();
        String[] base = {"id", "CO-1", "name", "  Acme Coaching GmbH ", "company_type", "Coaching_Firm", "industry", "Consulting",
                "employee_count", "12", "annual_revenue", "1500000.00", "currency", "eur", "website", "acme.example",
                "phone", "+49 (30) 1234-567", "email", " Info@Acme.Example ", "street", "Hauptstr. 1", "city", "Berlin",
                "state", "BE", "postal_code", "10115", "country", "Germany", "owner_email", "Anna@Coach.Example",
                "created_at", "2023-03-01T09:30:00", "updated_at", "2024-05-01T10:00:00Z", "cf_unmapped", "not in the mapping"};
        for (int i = 0; i < base.length; i += 2) {
            f.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                f.remove(overrides[i]);
            } else {
                f.put(overrides[i], overrides[i + 1]);
            }
        }
        return new ProfiRecord(ProfiObject.COMPANY, f, "companies.csv", 2);
    }

    static ProfiRecord client(String... overrides) {
        Map<String, String> f = new LinkedHashMap<>();
        String[] base = {"id", "CL-1", "first_name", " Maria ", "last_name", "Lopez", "email", "Maria.Lopez@Mail.Example",
                "phone", "0049 170 1234567", "mobile", "(0170) 123-4567", "birthdate", "1985-07-14", "gender", "F",
                "street", "Ring 2", "city", "Hamburg", "state", "HH", "postal_code", "20095", "country", "Germany",
                "company_id", "CO-1", "lifecycle_stage", "Active", "owner_email", "anna@coach.example",
                "co_coach_emails", "Ben@Coach.example; carla@coach.example", "source", " Website ", "tags", "vip; ; exec",
                "created_at", "2024-01-05T10:00:00+01:00", "updated_at", "2024-06-01T10:00:00Z"};
        for (int i = 0; i < base.length; i += 2) {
            f.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                f.remove(overrides[i]);
            } else {
                f.put(overrides[i], overrides[i + 1]);
            }
        }
        return new ProfiRecord(ProfiObject.CLIENT, f, "clients.csv", 3);
    }

    // ---- one fixture per object row the default maps without rules ----

    @Test
    void company_becomes_an_account_with_choices_money_currency_owner_and_utc_dates() {
        MappedRecord m = mapped(DEFAULT.map(company(), "account"));

        assertThat(m.table()).isEqualTo("account");
        assertThat(m.id()).isEqualTo(IDS.of("company", "CO-1"));
        assertPayload(m, """
                {"accountid": "%s",
                 "profi_profiid": "CO-1",
                 "name": "Acme Coaching GmbH",
                 "profi_companytype": 727000001,
                 "industrycode": 7,
                 "numberofemployees": 12,
                 "revenue": 1500000.00,
                 "transactioncurrencyid@odata.bind": "/transactioncurrencies(%s)",
                 "websiteurl": "https://acme.example",
                 "telephone1": "+49301234567",
                 "emailaddress1": "info@acme.example",
                 "address1_line1": "Hauptstr. 1",
                 "address1_city": "Berlin",
                 "address1_stateorprovince": "BE",
                 "address1_postalcode": "10115",
                 "address1_country": "Germany",
                 "ownerid@odata.bind": "/systemusers(%s)",
                 "overriddencreatedon": "2023-03-01T08:30:00Z",
                 "profi_originalcreatedate": "2023-03-01T08:30:00Z"}
                """.formatted(m.id(), EUR, ANNA));
        assertThat(m.payload().toString()).contains("\"revenue\":1500000.00");
        assertThat(m.flags()).isEmpty();
    }

    @Test
    void client_with_sessions_becomes_a_contact_bound_to_its_company() {
        ProfiRecord r = client();
        assertThat(DEFAULT.targetFor(r, 3)).isEqualTo("contact");

        MappedRecord m = mapped(DEFAULT.map(r, "contact"));

        assertThat(m.id()).isEqualTo(IDS.of("client", "CL-1"));
        assertPayload(m, """
                {"contactid": "%s",
                 "profi_profiid": "CL-1",
                 "firstname": "Maria",
                 "lastname": "Lopez",
                 "emailaddress1": "maria.lopez@mail.example",
                 "telephone1": "+491701234567",
                 "mobilephone": "0170 1234567",
                 "birthdate": "1985-07-14",
                 "gendercode": 2,
                 "address1_line1": "Ring 2",
                 "address1_city": "Hamburg",
                 "address1_stateorprovince": "HH",
                 "address1_postalcode": "20095",
                 "address1_country": "Germany",
                 "parentcustomerid_account@odata.bind": "/accounts(%s)",
                 "profi_clientlifecyclestage": 727000002,
                 "ownerid@odata.bind": "/systemusers(%s)",
                 "profi_cocoaches": "ben@coach.example,carla@coach.example",
                 "profi_source": "Website",
                 "profi_tags": "vip,exec",
                 "overriddencreatedon": "2024-01-05T09:00:00Z",
                 "profi_originalcreatedate": "2024-01-05T09:00:00Z"}
                """.formatted(m.id(), IDS.of("company", "CO-1"), ANNA));
        assertThat(m.flags()).isEmpty();
    }

    @Test
    void client_without_sessions_becomes_a_lead_and_an_unknown_stage_is_left_empty_and_flagged() {
        ProfiRecord r = client("lifecycle_stage", "On_Hold", "owner_email", "nobody@coach.example", "company.name", "Acme");
        assertThat(DEFAULT.targetFor(r, 0)).isEqualTo("lead");

        MappedRecord m = mapped(DEFAULT.map(r, "lead"));

        assertThat(m.table()).isEqualTo("lead");
        assertPayload(m, """
                {"leadid": "%s",
                 "profi_profiid": "CL-1",
                 "firstname": "Maria",
                 "lastname": "Lopez",
                 "emailaddress1": "maria.lopez@mail.example",
                 "telephone1": "+491701234567",
                 "mobilephone": "0170 1234567",
                 "leadsourcecode": 8,
                 "address1_line1": "Ring 2",
                 "address1_city": "Hamburg",
                 "address1_stateorprovince": "HH",
                 "address1_postalcode": "20095",
                 "address1_country": "Germany",
                 "ownerid@odata.bind": "/systemusers(%s)",
                 "overriddencreatedon": "2024-01-05T09:00:00Z",
                 "profi_originalcreatedate": "2024-01-05T09:00:00Z"}
                """.formatted(IDS.of("client", "CL-1"), FALLBACK));
        assertThat(m.flags()).containsExactly("value 'on_hold' of lifecycle_stage has no target: left empty");
    }

    @Test
    void coach_becomes_a_profi_coach_row_without_its_skipped_fields() {
        ProfiRecord r = record(ProfiObject.COACH, "id", "CH-1", "email", " Anna@Coach.Example", "first_name", "Anna",
                "last_name", "Berg", "role", "admin", "title", " Senior Coach ", "specialty", "Leadership",
                "credentials", "ICF PCC", "bio", "Coach since 2010.\nLoves mountains.", "phone", "+49 30 1",
                "active", "yes", "created_at", "2020-01-15T08:00:00Z");
        assertThat(DEFAULT.targetFor(r, 0)).isEqualTo("profi_coach");

        MappedRecord m = mapped(DEFAULT.map(r, "profi_coach"));

        assertPayload(m, """
                {"profi_coachid": "%s",
                 "profi_profiid": "CH-1",
                 "profi_email": "anna@coach.example",
                 "profi_title": "Senior Coach",
                 "profi_specialty": "Leadership",
                 "profi_credentials": "ICF PCC",
                 "profi_bio": "Coach since 2010.\\nLoves mountains.",
                 "profi_active": true,
                 "overriddencreatedon": "2020-01-15T08:00:00Z",
                 "profi_originalcreatedate": "2020-01-15T08:00:00Z"}
                """.formatted(IDS.of("coach", "CH-1")));
        assertThat(m.flags()).isEmpty();
    }

    @Test
    void enrollment_becomes_a_program_enrollment_bound_to_the_contact_with_date_only_columns() {
        ProfiRecord r = record(ProfiObject.ENROLLMENT, "id", "EN-1", "client_id", "CL-1", "program_id", "PR-1",
                "enrolled_at", "2024-02-01T23:30:00Z", "status", "Completed", "progress_percent", "87.5",
                "completed_at", "2024-06-30", "updated_at", "2024-07-01T00:00:00Z");

        MappedRecord m = mapped(DEFAULT.map(r, "profi_programenrollment"));

        assertPayload(m, """
                {"profi_programenrollmentid": "%s",
                 "profi_profiid": "EN-1",
                 "profi_ContactId@odata.bind": "/contacts(%s)",
                 "profi_programid": "PR-1",
                 "profi_enrolledon": "2024-02-02",
                 "profi_enrollmentstatus": 727000002,
                 "profi_progresspercent": 87.5,
                 "profi_completedon": "2024-06-30"}
                """.formatted(IDS.of("enrollment", "EN-1"), IDS.of("client", "CL-1")));
    }

    @Test
    void a_record_of_a_client_that_became_a_lead_cannot_bind_a_lookup_that_points_at_contacts_only() {
        RecordMapper withHook = new RecordMapper(MappingLoader.defaultMapping(), IDS, ENTITY_SETS::get,
                RecordMapperTest::owner, RecordMapperTest::currency, BERLIN, id -> id.equals("CL-9") ? "lead" : "contact");
        ProfiRecord r = record(ProfiObject.ENROLLMENT, "id", "EN-2", "client_id", "CL-9");

        RecordMapResult result = withHook.map(r, "profi_programenrollment");

        assertThat(result).isInstanceOfSatisfying(RecordRejection.class, rej -> {
            assertThat(rej.field()).isEqualTo("client_id");
            assertThat(rej.reason()).contains("value 'CL-9' is a client that became a lead, and profi_ContactId points at "
                    + "contact records only");
        });
        // a client that is a contact binds as before
        MappedRecord ok = mapped(withHook.map(record(ProfiObject.ENROLLMENT, "id", "EN-3", "client_id", "CL-1"),
                "profi_programenrollment"));
        assertThat(ok.payload().get("profi_ContactId@odata.bind").asText()).isEqualTo("/contacts(" + IDS.of("client", "CL-1") + ")");
    }

    @Test
    void empty_source_values_leave_the_column_absent_and_skipped_or_unmapped_fields_never_appear() {
        ProfiRecord r = record(ProfiObject.COMPANY, "id", "CO-2", "name", "Solo", "industry", "  ", "updated_at",
                "2024-01-01T00:00:00Z", "cf_whatever", "x", "owner_email", "anna@coach.example");

        MappedRecord m = mapped(DEFAULT.map(r, "account"));

        assertPayload(m, """
                {"accountid": "%s", "profi_profiid": "CO-2", "name": "Solo", "ownerid@odata.bind": "/systemusers(%s)"}
                """.formatted(IDS.of("company", "CO-2"), ANNA));
    }

    @Test
    void an_empty_owner_email_gets_what_the_resolver_gives_for_it_or_is_flagged() {
        ProfiRecord r = record(ProfiObject.COMPANY, "id", "CO-3", "name", "No Owner");

        MappedRecord m = mapped(DEFAULT.map(r, "account"));
        assertPayload(m, """
                {"accountid": "%s", "profi_profiid": "CO-3", "name": "No Owner"}
                """.formatted(IDS.of("company", "CO-3")));
        assertThat(m.flags()).containsExactly("owner_email empty and no fallback owner: the owner is left to the loading user");

        RecordMapper withFallback = new RecordMapper(MappingLoader.defaultMapping(), IDS, ENTITY_SETS::get,
                e -> e.isEmpty() ? Optional.of(FALLBACK) : owner(e), RecordMapperTest::currency, BERLIN);
        assertPayload(mapped(withFallback.map(r, "account")), """
                {"accountid": "%s", "profi_profiid": "CO-3", "name": "No Owner", "ownerid@odata.bind": "/systemusers(%s)"}
                """.formatted(IDS.of("company", "CO-3"), FALLBACK));
    }

    @Test
    void an_industry_without_a_code_is_kept_as_text_and_flagged() {
        MappedRecord m = mapped(DEFAULT.map(company("industry", " Space Tourism "), "account"));

        assertThat(m.payload().has("industrycode")).isFalse();
        assertThat(m.payload().get("profi_industry").textValue()).isEqualTo("space tourism");
        assertThat(m.flags()).containsExactly("value 'space tourism' of industry has no target: kept as text in profi_industry");
    }

    @Test
    void an_industry_listed_without_an_option_yet_is_still_kept_as_text() {
        MappingFile m = MappingLoader.defaultMapping();
        m.objects().get("company").targets().get("account").fields().get("industry").values().put("space tourism", null);
        MappedRecord r = mapped(mapper(m).map(company("industry", " Space Tourism "), "account"));

        assertThat(r.payload().has("industrycode")).isFalse();
        assertThat(r.payload().get("profi_industry").textValue()).isEqualTo("space tourism");
        assertThat(r.flags()).containsExactly("value 'space tourism' of industry maps to no option: kept as text in profi_industry");
    }

    @Test
    void money_without_a_currency_code_is_written_and_flagged() {
        MappedRecord m = mapped(DEFAULT.map(company("currency", null), "account"));

        assertThat(m.payload().get("revenue").decimalValue()).isEqualByComparingTo("1500000.00");
        assertThat(m.payload().has("transactioncurrencyid@odata.bind")).isFalse();
        assertThat(m.flags()).containsExactly("annual_revenue has no currency in currency: the org's base currency applies");
    }

    @Test
    void a_long_bio_is_truncated_to_the_limit_and_flagged() {
        String bio = "b".repeat(20_005);
        ProfiRecord r = record(ProfiObject.COACH, "id", "CH-2", "email", "x@coach.example", "bio", bio);

        MappedRecord m = mapped(DEFAULT.map(r, "profi_coach"));

        assertThat(m.payload().get("profi_bio").textValue()).isEqualTo("b".repeat(20_000));
        assertThat(m.flags()).containsExactly("truncated profi_bio to 20000 characters (bio had 20005)");
    }

    @Test
    void target_for_follows_the_session_threshold_and_objects_without_a_split_have_one_target() {
        assertThat(DEFAULT.targetFor(client(), 1)).isEqualTo("contact");
        assertThat(DEFAULT.targetFor(client(), 0)).isEqualTo("lead");
        assertThat(DEFAULT.targetFor(company(), 0)).isEqualTo("account");
        assertThatThrownBy(() -> DEFAULT.map(company(), "contact")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void primary_keys_follow_the_dataverse_convention() {
        assertThat(RecordMapper.primaryKey("contact")).isEqualTo("contactid");
        assertThat(RecordMapper.primaryKey("task")).isEqualTo("activityid");
        assertThat(RecordMapper.primaryKey("profi_coach")).isEqualTo("profi_coachid");
    }

    // ---- one rejection per bad value class ----

    @Test
    void a_too_long_value_with_reject_names_field_length_and_limit() {
        RecordRejection r = rejected(DEFAULT.map(company("name", "N".repeat(161)), "account"));

        assertThat(r).isEqualTo(new RecordRejection("company:CO-1", "name",
                "company CO-1 (companies.csv line 2): field name is 161 characters long, over the limit of 160 of column name"));
    }

    @Test
    void an_unknown_currency_is_a_rejection() {
        RecordRejection r = rejected(DEFAULT.map(company("currency", "xyz"), "account"));

        assertThat(r).isEqualTo(new RecordRejection("company:CO-1", "currency",
                "company CO-1 (companies.csv line 2): field currency value 'xyz' is not a currency of the organisation"
                        + " (needed by annual_revenue)"));
    }

    @Test
    void an_unparseable_number_is_a_rejection() {
        RecordRejection r = rejected(DEFAULT.map(company("employee_count", "a dozen"), "account"));

        assertThat(r).isEqualTo(new RecordRejection("company:CO-1", "employee_count",
                "company CO-1 (companies.csv line 2): field employee_count value 'a dozen' is not a whole number"));
    }

    @Test
    void an_unparseable_date_is_a_rejection() {
        RecordRejection r = rejected(DEFAULT.map(client("birthdate", "14/07/1985"), "contact"));

        assertThat(r).isEqualTo(new RecordRejection("client:CL-1", "birthdate",
                "client CL-1 (clients.csv line 3): field birthdate value '14/07/1985' is not an ISO-8601 date or timestamp"));
    }

    @Test
    void an_owner_that_does_not_resolve_is_a_rejection() {
        RecordRejection r = rejected(DEFAULT.map(client("owner_email", "ghost@nowhere.example"), "contact"));

        assertThat(r).isEqualTo(new RecordRejection("client:CL-1", "owner_email",
                "client CL-1 (clients.csv line 3): field owner_email value 'ghost@nowhere.example' resolves to no enabled user"
                        + " and there is no fallback owner"));
    }

    @Test
    void a_record_without_an_id_is_a_rejection() {
        RecordRejection r = rejected(DEFAULT.map(company("id", null), "account"));

        assertThat(r.recordKey()).isEqualTo("company:?");
        assertThat(r.field()).isEqualTo("id");
        assertThat(r.reason()).isEqualTo("company at companies.csv line 2 has no id, so it cannot get a record id");
    }

    @Test
    void flags_are_kept_in_order_and_immutable() {
        MappedRecord m = mapped(DEFAULT.map(client("lifecycle_stage", "x", "gender", "diverse"), "contact"));
        assertThat(m.flags()).isEqualTo(List.of("value 'diverse' of gender has no target: left empty",
                "value 'x' of lifecycle_stage has no target: left empty"));
        assertThatThrownBy(() -> m.flags().add("more")).isInstanceOf(UnsupportedOperationException.class);
    }
}
