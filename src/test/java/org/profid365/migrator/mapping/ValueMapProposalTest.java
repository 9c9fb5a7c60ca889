package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueMapProposalTest {

    static final FieldMapping INDUSTRY = MappingLoader.defaultMapping().objects().get("company").targets().get("account")
            .fields().get("industry");
    static final Map<Integer, String> INDUSTRY_LABELS = ChoiceLabels.standard("account", "industrycode");

    @Test
    void seen_values_get_the_option_their_label_suggests_or_null_with_a_comment_each() {
        ValueMapProposal p = ValueMapProposal.of(INDUSTRY, List.of("Financial services", " Consulting", "Banking", "Insurence",
                "Software", "Creative  management", "SOFTWARE"), INDUSTRY_LABELS);

        Map<String, Integer> added = new java.util.LinkedHashMap<>(p.field().values());
        INDUSTRY.values().keySet().forEach(added::remove);
        assertThat(added).containsExactly(entry("banking", 16), entry("insurence", 20), entry("software", null),
                entry("creative  management", 9));
        assertThat(p.field().values()).containsAllEntriesOf(INDUSTRY.values());
        assertThat(p.comments()).containsExactly(
                entry("banking", "confidence medium: the same words as option 16 'Financial' once plurals and synonyms"
                        + " are folded"),
                entry("insurence", "confidence low: spelt like option 20 'Insurance' but for a letter or two"),
                entry("software", "decide: no option label is like it (null: the column stays empty and the text goes"
                        + " to profi_industry)"),
                entry("creative  management", "confidence medium: the words of option 9 'Design, Direction and Creative Management'"
                        + " include the value's"));
        assertThat(p.field().confidence()).isEqualTo("low");
        assertThat(p.field().reason()).isEqualTo(INDUSTRY.reason() + "; values seen in the data: 3 matched to an option"
                + " by label, 1 to decide (see the comments above them)");
        assertThat(p.field().unknown()).isEqualTo("keep-text");
    }

    @Test
    void values_the_map_already_has_change_nothing() {
        ValueMapProposal p = ValueMapProposal.of(INDUSTRY, List.of("Consulting ", "financial services"), INDUSTRY_LABELS);
        assertThat(p.field()).isSameAs(INDUSTRY);
        assertThat(p.comments()).isEmpty();
    }

    @Test
    void without_known_labels_every_new_value_waits_for_a_decision() {
        FieldMapping tags = new FieldMapping("profi_topics", List.of("trim", "list"), null, null, null, Map.of(), "reject",
                null, null, null, null, null, "high", "reused", null);
        ValueMapProposal p = ValueMapProposal.of(tags, List.of("career;health", "health"), Map.of());
        assertThat(p.field().values()).containsExactly(entry("career", null), entry("health", null));
        assertThat(p.comments()).containsEntry("career", "decide: the options of profi_topics are not known"
                + " (null: the column stays empty, flagged)");
        assertThat(p.field().confidence()).isEqualTo("high");
    }
}
