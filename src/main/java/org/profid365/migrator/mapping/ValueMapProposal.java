package org.profid365.migrator.mapping;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A field's value map completed with every value seen in the data: a value the map already has keeps its option; any
 * other gets the option {@link ChoiceOptionMatcher} proposes from the column's labels, or null when a person must
 * decide. Each added value gets a comment saying which, how sure and why, and the field's confidence drops to that
 * of its least certain proposal.
 *
 * @param field    the field with the completed map (unchanged when nothing was added)
 * @param comments value (as the map holds it) → the comment written above it
 */
record ValueMapProposal(FieldMapping field, Map<String, String> comments) {

    private static final List<String> BY_CERTAINTY = List.of("low", "medium", "high");

    /**
     * @param seen   the values as the export has them; the field's transforms turn them into map keys, and a value
     *               they cannot convert is left out (the mapper rejects its records anyway)
     * @param labels the column's options (value → label); empty when nothing knows them
     */
    static ValueMapProposal of(FieldMapping f, Collection<String> seen, Map<Integer, String> labels) {
        Map<String, Integer> values = f.values() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(f.values());
        Map<String, String> comments = new LinkedHashMap<>();
        String confidence = f.confidence();
        int proposed = 0;
        int undecided = 0;
        for (String raw : seen) {
            for (String key : keys(f, raw)) {
                if (key.isEmpty() || values.containsKey(key)) {
                    continue;
                }
                ChoiceOptionMatcher.Suggestion s = labels.isEmpty()
                        ? new ChoiceOptionMatcher.Suggestion(null, null, "the options of " + f.column() + " are not known")
                        : ChoiceOptionMatcher.match(key, labels);
                values.put(key, s.option());
                if (s.decided()) {
                    proposed++;
                    confidence = lessCertain(confidence, s.confidence());
                    comments.put(key, "confidence " + s.confidence() + ": " + s.reason());
                } else {
                    undecided++;
                    comments.put(key, "decide: " + s.reason() + " (null: " + nullMeans(f) + ")");
                }
            }
        }
        if (comments.isEmpty()) {
            return new ValueMapProposal(f, comments);
        }
        String reason = (f.reason() == null ? "" : f.reason() + "; ") + "values seen in the data: " + proposed
                + " matched to an option by label, " + undecided + " to decide (see the comments above them)";
        return new ValueMapProposal(new FieldMapping(f.column(), f.transform(), f.currencyField(), f.maxLength(), f.tooLong(),
                values, f.unknown(), f.unknownTextColumn(), f.lookup(), f.owner(), f.defaultValue(), f.create(), confidence,
                reason, f.also()), comments);
    }

    /** The map keys of one seen value: after the field's transforms, each item of a list. */
    private static List<String> keys(FieldMapping f, String raw) {
        Object value = raw;
        List<String> transforms = f.transform() == null ? List.of() : f.transform();
        try {
            for (String t : transforms) {
                value = Transforms.apply(t, value, ZoneOffset.UTC);
            }
        } catch (TransformException e) {
            return List.of();
        }
        String text = String.valueOf(value);
        return transforms.contains("list") ? List.of(text.split(",")) : List.of(text);
    }

    /** What a value without an option does, as the mapper treats it. */
    private static String nullMeans(FieldMapping f) {
        return "keep-text".equals(f.unknown()) ? "the column stays empty and the text goes to " + f.unknownTextColumn()
                : "the column stays empty, flagged";
    }

    private static String lessCertain(String a, String b) {
        if (a == null) {
            return b;
        }
        return BY_CERTAINTY.indexOf(b) < BY_CERTAINTY.indexOf(a) && BY_CERTAINTY.contains(b) ? b : a;
    }
}
