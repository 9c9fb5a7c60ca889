package org.profid365.migrator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** How an expected value and a value read back from Dynamics are compared, by kind. */
class FieldComparisonValuesTest {

    private static final JsonNodeFactory J = JsonNodeFactory.withExactBigDecimals(true);

    private static boolean same(JsonNode expected, JsonNode actual, String type) {
        return FieldComparison.same(expected, actual, type);
    }

    @Test
    void numbers_compare_as_decimals_whatever_their_scale_or_json_type() {
        assertThat(same(J.numberNode(new BigDecimal("1500.00")), J.numberNode(new BigDecimal("1500")), "Money")).isTrue();
        assertThat(same(J.textNode("37.5"), J.numberNode(37.50), "Decimal")).isTrue();
        assertThat(same(J.numberNode(727000000), J.numberNode(727000001), "Picklist")).isFalse();
    }

    @Test
    void date_times_compare_as_instants_to_the_second_and_dates_as_dates() {
        assertThat(same(J.textNode("2024-03-01T09:30:00.400Z"), J.textNode("2024-03-01T09:30:00Z"), "DateTime")).isTrue();
        assertThat(same(J.textNode("2024-03-01T10:30:00+01:00"), J.textNode("2024-03-01T09:30:00Z"), "DateTime")).isTrue();
        assertThat(same(J.textNode("2024-03-01T09:30:00Z"), J.textNode("2024-03-01T09:31:00Z"), "DateTime")).isFalse();
        assertThat(same(J.textNode("1985-04-12"), J.textNode("1985-04-12"), "DateTime")).isTrue();
        assertThat(same(J.textNode("1985-04-12"), J.textNode("1985-04-12T00:00:00Z"), "DateTime")).isTrue();
        assertThat(same(J.textNode("1985-04-12"), J.textNode("1985-04-13"), "DateTime")).isFalse();
    }

    @Test
    void multi_select_choices_compare_as_sets() {
        assertThat(same(J.textNode("727000000,727000002"), J.textNode("727000002, 727000000"), "MultiSelectPicklistType")).isTrue();
        assertThat(same(J.textNode("727000000,727000002"), J.textNode("727000002"), "MultiSelectPicklistType")).isFalse();
        assertThat(same(J.textNode("1,2"), J.textNode("2,1"), null)).isTrue();
    }

    @Test
    void empty_is_empty_and_an_unset_boolean_reads_back_as_false() {
        assertThat(same(null, J.nullNode(), "String")).isTrue();
        assertThat(same(J.textNode(""), null, "String")).isTrue();
        assertThat(same(null, J.booleanNode(false), "Boolean")).isTrue();
        assertThat(same(null, J.booleanNode(true), "Boolean")).isFalse();
        assertThat(same(null, J.textNode("x"), "String")).isFalse();
        assertThat(same(J.textNode("x"), J.nullNode(), "String")).isFalse();
    }

    @Test
    void text_is_compared_exactly_and_booleans_by_value() {
        assertThat(same(J.textNode("O'Brien"), J.textNode("O'Brien"), "String")).isTrue();
        assertThat(same(J.textNode("o'brien"), J.textNode("O'Brien"), "String")).isFalse();
        assertThat(same(J.booleanNode(true), J.booleanNode(true), "Boolean")).isTrue();
        assertThat(same(J.textNode("true"), J.booleanNode(false), "Boolean")).isFalse();
    }

    @Test
    void long_values_are_shown_cut_with_their_length_and_hash() {
        String body = "A".repeat(5000);
        assertThat(FieldComparison.shown(body)).startsWith("AAAA").contains("5000 characters, sha256 ").hasSizeLessThan(200);
        assertThat(FieldComparison.shown("short")).isEqualTo("short");
    }
}
