package org.profid365.migrator.mapping;

import java.util.List;
import java.util.Map;

/**
 * What {@code propose-map} proposes: the mapping, and comments for the reviewer that the mapping's keys cannot hold
 * (why each value of a value map got its option, or why it waits for a decision).
 *
 * @param comments key path in the file ({@code [objects, company, targets, account, fields, industry, values,
 *                 software]}) → the comment lines written above that key
 */
public record MappingProposal(MappingFile mapping, Map<List<String>, List<String>> comments) {

    public MappingProposal {
        comments = comments.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                e -> List.copyOf(e.getKey()), e -> List.copyOf(e.getValue())));
    }

    /** The file as written: header, the default mapping's comments and these, above the keys they explain. */
    public String yaml() {
        return MappingLoader.toYaml(mapping, comments);
    }
}
