package org.profid365.migrator.sim.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand check accepts exactly what the regular expression it replaced accepted. */
class GuidTextTest {

    static final Pattern REGEX = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Test
    void edge_cases() {
        String good = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assertThat(GuidText.isGuid(good)).isTrue();
        assertThat(GuidText.isGuid(good.toUpperCase())).isTrue();
        for (String bad : new String[] {"", good + "0", good.substring(1), "{" + good.substring(1) + "}",
                good.replace('-', '0'), "0f8fad5bd9cb469fa16570867728950e0000", good.replace('f', 'g'),
                good.replace('0', '\uFF10'), good.replace('5', '\u0665'), " " + good.substring(1),
                good.substring(0, 8) + "_" + good.substring(9)}) {
            assertThat(GuidText.isGuid(bad)).as(bad).isEqualTo(REGEX.matcher(bad).matches()).isFalse();
        }
    }

    @Test
    void agrees_with_the_regex_on_random_near_misses() {
        Random random = new Random(11);
        String alphabet = "0123456789abcdefABCDEFgG-{} \u0660\uFF10";
        for (int n = 0; n < 50_000; n++) {
            char[] text = UUID.randomUUID().toString().toCharArray();
            for (int k = random.nextInt(3); k > 0; k--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String s = random.nextInt(20) == 0 ? new String(text, 0, random.nextInt(text.length)) : new String(text);
            assertThat(GuidText.isGuid(s)).as(s).isEqualTo(REGEX.matcher(s).matches());
        }
    }
}
