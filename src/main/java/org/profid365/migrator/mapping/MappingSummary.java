package org.profid365.migrator.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reviewer needs before approving a mapping: how many fields go where, how sure the proposal was, which
 * value-map entries still have no target and which fields are skipped.
 */
public record MappingSummary(int fieldsMapped, int highConfidence, int lowConfidence, int skipped,
                             List<String> undecidedValues, List<String> lowConfidenceFields, Map<String, Integer> fieldsPerTarget) {

    public static MappingSummary of(MappingFile m) {
        int mapped = 0;
        int high = 0;
        int low = 0;
        int skipped = 0;
        List<String> undecided = new ArrayList<>();
        List<String> lowFields = new ArrayList<>();
        Map<String, Integer> perTarget = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectMapping> o : m.objects().entrySet()) {
            for (Map.Entry<String, ObjectMapping.TargetMapping> t : o.getValue().targets().entrySet()) {
                String where = o.getKey() + " -> " + t.getKey();
                perTarget.merge(where, t.getValue().fields().size(), Integer::sum);
                skipped += t.getValue().skip().size();
                for (Map.Entry<String, FieldMapping> f : t.getValue().fields().entrySet()) {
                    mapped++;
                    String c = f.getValue().confidence();
                    if ("high".equals(c)) {
                        high++;
                    } else if ("low".equals(c) || c == null) {
                        low++;
                        lowFields.add(where + "." + f.getKey());
                    }
                    if (f.getValue().values() != null) {
                        f.getValue().values().forEach((value, target) -> {
                            if (target == null) {
                                undecided.add(where + "." + f.getKey() + ": '" + value + "'");
                            }
                        });
                    }
                }
            }
        }
        return new MappingSummary(mapped, high, low, skipped, undecided, lowFields, perTarget);
    }

    /** The summary as a person reads it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Fields mapped: %d (%d high confidence, %d low or unrated); fields skipped with a reason: %d%n",
                fieldsMapped, highConfidence, lowConfidence, skipped));
        fieldsPerTarget.forEach((k, v) -> sb.append(String.format("  %-45s %3d fields%n", k, v)));
        if (!lowConfidenceFields.isEmpty()) {
            sb.append("Low confidence (check these):\n");
            lowConfidenceFields.forEach(f -> sb.append("  ").append(f).append('\n'));
        }
        if (!undecidedValues.isEmpty()) {
            sb.append("Value-map entries without a target value (they will follow the field's 'unknown' rule):\n");
            undecidedValues.forEach(v -> sb.append("  ").append(v).append('\n'));
        }
        return sb.toString();
    }
}
