package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.mapping.ChoiceOptionMatcher.Suggestion;

/** Proposals against the documented options of account.industrycode and lead.leadsourcecode. */
class ChoiceOptionMatcherTest {

    static final Map<Integer, String> INDUSTRY = ChoiceLabels.standard("account", "industrycode");
    static final Map<Integer, String> LEAD_SOURCE = ChoiceLabels.standard("lead", "leadsourcecode");

    @Test
    void the_bundled_labels_are_those_of_the_entity_reference() {
        assertThat(INDUSTRY).hasSize(33).containsEntry(7, "Consulting").containsEntry(16, "Financial");
        assertThat(LEAD_SOURCE).containsEntry(8, "Web").containsEntry(9, "Word of Mouth");
        assertThat(ChoiceLabels.standard("account", "name")).isEmpty();
    }

    @Test
    void the_same_label_apart_from_case_spacing_and_punctuation_is_high() {
        assertThat(ChoiceOptionMatcher.match("word-of-mouth", LEAD_SOURCE)).isEqualTo(
                new Suggestion(9, "high", "same as option 9 'Word of Mouth' apart from case, spacing and punctuation"));
        assertThat(ChoiceOptionMatcher.match("  CONSULTING ", INDUSTRY).option()).isEqualTo(7);
        assertThat(ChoiceOptionMatcher.match("doctors offices & clinics", INDUSTRY)).isEqualTo(new Suggestion(11, "high",
                "same as option 11 'Doctor's Offices and Clinics' apart from case, spacing and punctuation"));
    }

    @Test
    void synonyms_and_plurals_are_medium() {
        assertThat(ChoiceOptionMatcher.match("Finance", INDUSTRY)).isEqualTo(new Suggestion(16, "medium",
                "the same words as option 16 'Financial' once plurals and synonyms are folded"));
        assertThat(ChoiceOptionMatcher.match("Logistics", INDUSTRY).option()).isEqualTo(30);
        assertThat(ChoiceOptionMatcher.match("website", LEAD_SOURCE).option()).isEqualTo(8);
        assertThat(ChoiceOptionMatcher.match("Workshops", LEAD_SOURCE).option()).isEqualTo(6);
    }

    @Test
    void the_words_of_exactly_one_label_inside_the_value_or_around_it_are_medium() {
        assertThat(ChoiceOptionMatcher.match("Financial services", INDUSTRY)).isEqualTo(new Suggestion(16, "medium",
                "the words of option 16 'Financial' are all in the value"));
        assertThat(ChoiceOptionMatcher.match("Design", INDUSTRY)).isEqualTo(new Suggestion(9, "medium",
                "the words of option 9 'Design, Direction and Creative Management' include the value's"));
    }

    @Test
    void several_fitting_labels_leave_the_value_for_a_person_naming_them() {
        Suggestion retail = ChoiceOptionMatcher.match("Retail", INDUSTRY);
        assertThat(retail.decided()).isFalse();
        assertThat(retail.reason()).isEqualTo("could be 5 'Building Supply Retail', 14 'Entertainment Retail',"
                + " 22 'Non-Durable Merchandise Retail', 25 'Service Retail' or 1 more");
        assertThat(ChoiceOptionMatcher.match("referral", LEAD_SOURCE).reason())
                .isEqualTo("could be 2 'Employee Referral', 3 'External Referral'");
    }

    @Test
    void a_label_spelt_a_letter_or_two_differently_is_low() {
        assertThat(ChoiceOptionMatcher.match("Insurence", INDUSTRY)).isEqualTo(
                new Suggestion(20, "low", "spelt like option 20 'Insurance' but for a letter or two"));
        assertThat(ChoiceOptionMatcher.match("Web", LEAD_SOURCE).confidence()).isEqualTo("high");
    }

    @Test
    void values_like_no_label_are_left_for_a_decision() {
        for (String v : new String[] {"Software", "Automotive", "Public sector", "Education", "Pharma", "Non-profit",
                "Blockchain / Web3", "Media", "Energy", "?"}) {
            assertThat(ChoiceOptionMatcher.match(v, INDUSTRY)).as(v)
                    .isEqualTo(new Suggestion(null, null, "no option label is like it"));
        }
    }
}
