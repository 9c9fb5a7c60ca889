package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TransformsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Object t(String transform, Object value) throws TransformException {
        return Transforms.apply(transform, value, BERLIN);
    }

    @Test
    void text_transforms_trim_and_change_case() throws TransformException {
        assertThat(t("trim", "  a b \t")).isEqualTo("a b");
        assertThat(t("lower", "Anna@Coach.EXAMPLE")).isEqualTo("anna@coach.example");
        assertThat(t("upper", "eur")).isEqualTo("EUR");
        assertThat(t("title", "MARIA-JOSÉ O'BRIEN van DYKE")).isEqualTo("Maria-José O'Brien Van Dyke");
    }

    @Test
    void international_phone_numbers_become_plus_and_digits() throws TransformException {
        assertThat(t("phone", " +49 (30) 1234-567 ")).isEqualTo("+49301234567");
        assertThat(t("phone", "0044 20 7946 0958")).isEqualTo("+442079460958");
    }

    @Test
    void national_phone_numbers_keep_digits_and_single_spaces() throws TransformException {
        assertThat(t("phone", " (030)  1234-567 ")).isEqualTo("030 1234567");
        assertThat(t("phone", "555 0100")).isEqualTo("555 0100");
    }

    @Test
    void a_phone_without_digits_is_an_error() {
        assertThatThrownBy(() -> t("phone", "ask reception")).isInstanceOf(TransformException.class)
                .hasMessage("is not a phone number (no digits)");
        assertThatThrownBy(() -> t("phone", "+")).isInstanceOf(TransformException.class);
    }

    @Test
    void url_gets_https_when_the_scheme_is_missing_and_is_checked() throws TransformException {
        assertThat(t("url", " acme.example/about ")).isEqualTo("https://acme.example/about");
        assertThat(t("url", "http://acme.example")).isEqualTo("http://acme.example");
        assertThat(t("url", "https://video.example/r/1?t=2")).isEqualTo("https://video.example/r/1?t=2");
        assertThatThrownBy(() -> t("url", "not a url")).isInstanceOf(TransformException.class);
        assertThatThrownBy(() -> t("url", "nohost")).isInstanceOf(TransformException.class)
                .hasMessage("is not a URL (no host name)");
    }

    @Test
    void html_to_text_strips_tags_decodes_entities_and_keeps_line_breaks() throws TransformException {
        String html = "<p>Goals &amp; next steps:</p>\n<ul><li>Sleep&nbsp;8h</li><li>Walk &lt;daily&gt;</li></ul>"
                + "<style>p{color:red}</style><!-- hidden --><div>Line one<br/>Line &#8211; two &#x263A; &quot;ok&quot;</div>"
                + "<p></p><p></p><p>End &unknown;</p>";
        assertThat(t("html-to-text", html)).isEqualTo(
                "Goals & next steps:\n\n- Sleep 8h\n- Walk <daily>\nLine one\nLine – two ☺ \"ok\"\n\nEnd &unknown;");
        assertThat(t("html-to-text", "plain\ntext")).isEqualTo("plain\ntext");
    }

    @Test
    void numbers_parse_or_fail() throws TransformException {
        assertThat(t("integer", " 12 ")).isEqualTo(12L);
        assertThat(t("integer", "12.0")).isEqualTo(12L);
        assertThat(t("decimal", "87.50")).isEqualTo(new BigDecimal("87.50"));
        assertThat(t("money", "1500000.00")).isEqualTo(new BigDecimal("1500000.00"));
        assertThatThrownBy(() -> t("integer", "12.5")).hasMessage("is not a whole number");
        assertThatThrownBy(() -> t("integer", "a dozen")).hasMessage("is not a whole number");
        assertThatThrownBy(() -> t("decimal", "1,5")).hasMessage("is not a decimal number");
    }

    @Test
    void booleans_accept_true_false_yes_no_one_zero() throws TransformException {
        assertThat(t("boolean", "TRUE")).isEqualTo(true);
        assertThat(t("boolean", "yes")).isEqualTo(true);
        assertThat(t("boolean", "1")).isEqualTo(true);
        assertThat(t("boolean", "False")).isEqualTo(false);
        assertThat(t("boolean", "no")).isEqualTo(false);
        assertThat(t("boolean", "0")).isEqualTo(false);
        assertThatThrownBy(() -> t("boolean", "maybe")).hasMessage("is not a boolean (true/false, yes/no, 1/0)");
    }

    @Test
    void date_gives_the_calendar_date_in_the_export_zone() throws TransformException {
        assertThat(t("date", "1985-07-14")).isEqualTo("1985-07-14");
        assertThat(t("date", "2024-02-01T23:30:00Z")).isEqualTo("2024-02-02");
        assertThat(t("date", "2024-02-01T23:30:00")).isEqualTo("2024-02-01");
        assertThatThrownBy(() -> t("date", "14/07/1985")).hasMessage("is not an ISO-8601 date or timestamp");
    }

    @Test
    void datetime_gives_utc_with_z() throws TransformException {
        assertThat(t("datetime", "2023-03-01T09:30:00")).isEqualTo("2023-03-01T08:30:00Z");
        assertThat(t("datetime", "2023-07-01T09:30")).isEqualTo("2023-07-01T07:30:00Z");
        assertThat(t("datetime", "2024-01-05T10:00:00+01:00")).isEqualTo("2024-01-05T09:00:00Z");
        assertThat(t("datetime", "2024-01-05T10:00:00.250Z")).isEqualTo("2024-01-05T10:00:00.250Z");
        assertThat(t("datetime", "2024-01-05")).isEqualTo("2024-01-04T23:00:00Z");
        assertThatThrownBy(() -> t("datetime", "yesterday")).hasMessage("is not an ISO-8601 timestamp");
    }

    @Test
    void list_turns_semicolons_into_commas_and_drops_empty_items() throws TransformException {
        assertThat(t("list", "vip; ; exec ;")).isEqualTo("vip,exec");
        assertThat(t("list", "one")).isEqualTo("one");
    }
}
