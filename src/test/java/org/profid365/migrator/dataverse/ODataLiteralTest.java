package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ODataLiteralTest {

    @Test
    void a_quote_inside_a_string_is_doubled() {
        assertThat(ODataLiteral.string("O'Brien")).isEqualTo("'O''Brien'");
        assertThat(ODataLiteral.string("''")).isEqualTo("''''''");
        assertThat(ODataLiteral.string("plain")).isEqualTo("'plain'");
    }

    @Test
    void guid_date_and_time_literals_have_the_odata_forms() {
        assertThat(ODataLiteral.guid(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e")))
                .isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(ODataLiteral.date(LocalDate.of(1984, 2, 29))).isEqualTo("1984-02-29");
        assertThat(ODataLiteral.dateTime(Instant.parse("2024-05-01T10:15:30.123456Z"))).isEqualTo("2024-05-01T10:15:30.123Z");
        assertThat(ODataLiteral.dateTime(Instant.parse("2024-05-01T10:15:30Z"))).isEqualTo("2024-05-01T10:15:30Z");
    }

    @Test
    void filter_with_o_brien_is_percent_encoded_with_quotes_and_spaces_escaped() {
        String path = ODataQuery.from("contacts")
                .select("contactid", "lastname")
                .filter("lastname eq " + ODataLiteral.string("O'Brien"))
                .toPath();

        assertThat(path).isEqualTo("contacts?$select=contactid,lastname&$filter=lastname%20eq%20%27O%27%27Brien%27");
    }

    @Test
    void reserved_and_non_ascii_characters_survive_a_round_trip() {
        String tricky = "A&B=C+D #5 ?100% ; Ærø/Zoë";
        String encoded = ODataQuery.encode("name eq " + ODataLiteral.string(tricky));

        assertThat(encoded).doesNotContain(" ", "&", "=", "+", "#", "?", ";", "'");
        assertThat(URI.create("http://h/x?$filter=" + encoded).getRawQuery()).isEqualTo("$filter=" + encoded);
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("name eq 'A&B=C+D #5 ?100% ; Ærø/Zoë'");
        assertThat(encoded).contains("%C3%86r%C3%B8");
    }

    @Test
    void date_and_guid_filters_stay_readable() {
        String path = ODataQuery.from("contacts")
                .filter("birthdate ge " + ODataLiteral.date(LocalDate.of(1990, 1, 1)) + " and _parentcustomerid_value eq "
                        + ODataLiteral.guid(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e")))
                .orderBy("lastname asc")
                .top(10)
                .toPath();

        assertThat(path).isEqualTo("contacts?$filter=birthdate%20ge%201990-01-01%20and%20_parentcustomerid_value%20eq%20"
                + "0f8fad5b-d9cb-469f-a165-70867728950e&$orderby=lastname%20asc&$top=10");
    }
}
