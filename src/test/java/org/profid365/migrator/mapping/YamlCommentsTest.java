package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlCommentsTest {

    @Test
    void comments_are_read_by_the_path_of_the_key_below_them_and_lines_inside_a_flow_collection_are_skipped() {
        String yaml = """
                # header
                version: 1
                objects:

                  # about clients
                  client:
                    fields:
                      stage:
                        values: {prospect: 1,
                          # inside a flow collection: tied to no key, so not carried
                          archived: 2}
                      # about the source
                      source: {column: profi_source}
                  # about files
                  "file":
                    reason: a plain value with {brackets} and: a colon
                    # about the owner
                    'client.owner_email': {owner: true}
                """;
        assertThat(YamlComments.read(yaml)).containsExactly(
                Map.entry(List.of(), List.of("header")),
                Map.entry(List.of("objects", "client"), List.of("about clients")),
                Map.entry(List.of("objects", "client", "fields", "source"), List.of("about the source")),
                Map.entry(List.of("objects", "file"), List.of("about files")),
                Map.entry(List.of("objects", "file", "client.owner_email"), List.of("about the owner")));
    }

    @Test
    void comments_are_written_above_their_key_indented_like_it_and_sections_are_set_off() {
        String yaml = """
                version: 1
                objects:
                  company:
                    fields:
                      industry:
                        values:
                          financial services: 16
                          "yes": null
                  client:
                    rules:
                    - lead-subject
                """;
        String written = YamlComments.write(yaml, Map.of(
                List.of(), List.of("header"),
                List.of("objects", "company"), List.of("companies"),
                List.of("objects", "company", "fields", "industry", "values", "financial services"), List.of("medium"),
                List.of("objects", "company", "fields", "industry", "values", "yes"), List.of("decide:\nline breaks fold")));
        assertThat(written).isEqualTo("""
                # header
                version: 1

                objects:

                  # companies
                  company:
                    fields:
                      industry:
                        values:
                          # medium
                          financial services: 16
                          # decide: line breaks fold
                          "yes": null

                  client:
                    rules:
                    - lead-subject
                """);
        assertThat(YamlComments.read(written)).containsEntry(List.of("objects", "company", "fields", "industry", "values", "yes"),
                List.of("decide: line breaks fold"));
    }
}
