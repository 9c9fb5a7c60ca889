package org.profid365.migrator.profi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

    private final RecordValidator validator = new RecordValidator(ZoneId.of("America/New_York"),
            LocalDate.parse("1900-01-01"), LocalDate.parse("2100-12-31"));

    private ProfiRecord company(String website) {
        return new ProfiRecord(ProfiObject.COMPANY, Map.of("id", "CP-1", "name", "Acme", "website", website), "companies.csv", 2);
    }

    @Test
    void a_website_without_scheme_is_accepted_but_free_text_is_not() {
        assertThat(validator.validate(company("www.acme.de"))).isEmpty();
        assertThat(validator.validate(company("https://acme.example/about"))).isEmpty();
        assertThat(validator.validate(company("see our flyer"))).extracting(RecordProblem::field).containsExactly("website");
        assertThat(validator.validate(company("localhost"))).extracting(RecordProblem::reason)
                .containsExactly("website 'localhost' is not an absolute URL");
    }

    @Test
    void an_offset_less_timestamp_is_read_in_the_export_time_zone() {
        assertThat(validator.instantOrNull("2024-07-01T09:00:00")).isEqualTo(Instant.parse("2024-07-01T13:00:00Z"));
        assertThat(validator.instantOrNull("2024-07-01T09:00:00+02:00")).isEqualTo(Instant.parse("2024-07-01T07:00:00Z"));
        assertThat(validator.instantOrNull("2024-07-01")).isNull();
    }

    @Test
    void unknown_status_values_and_odd_emails_are_kept_for_the_mapping_to_decide() {
        ProfiRecord client = new ProfiRecord(ProfiObject.CLIENT, Map.of("id", "CL-1", "lifecycle_stage", "on_hold",
                "email", "maria@", "phone", "0171/2345678"), "clients.csv", 2);

        assertThat(validator.validate(client)).isEmpty();
    }

    @Test
    void a_decimal_must_be_plain_digits_with_a_dot() {
        assertThat(validator.checkType(ColumnType.DECIMAL, "1200.50")).isNull();
        assertThat(validator.checkType(ColumnType.DECIMAL, "-3")).isNull();
        assertThat(validator.checkType(ColumnType.DECIMAL, "1,200.50")).isEqualTo("'1,200.50' is not a decimal number");
        assertThat(validator.checkType(ColumnType.DECIMAL, "1e5")).isEqualTo("'1e5' is not a decimal number");
    }
}
