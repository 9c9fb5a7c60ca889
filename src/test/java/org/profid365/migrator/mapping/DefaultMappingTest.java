package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ProfiObject;

/** The bundled default mapping against the Dataverse facts (tables.json) and the Profi export contract. */
class DefaultMappingTest {

    /** Columns every Dataverse table has, custom tables included. */
    private static final Set<String> SYSTEM_COLUMNS = Set.of("overriddencreatedon");

    private static JsonNode tables;
    private static MappingFile mapping;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = DefaultMappingTest.class.getResourceAsStream("/dataverse/tables.json")) {
            assertThat(in).as("/dataverse/tables.json on the classpath").isNotNull();
            tables = new ObjectMapper().readTree(in).get("tables");
        }
        mapping = MappingLoader.defaultMapping();
    }

    @Test
    void bundled_default_has_no_problems() {
        assertThat(MappingLoader.problems(mapping)).isEmpty();
        assertThat(mapping.version()).isEqualTo(1);
        assertThat(mapping.publisherPrefix()).isEqualTo("profi");
        assertThat(mapping.options().leadThresholdSessions()).isEqualTo(1);
    }

    @Test
    void bundled_default_passes_the_strict_file_loader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mapping.yaml");
        try (InputStream in = DefaultMappingTest.class.getResourceAsStream("/mapping/default-mapping.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        MappingLoader.LoadedMapping loaded = MappingLoader.load(file);
        assertThat(loaded.mapping()).isEqualTo(mapping);
        assertThat(loaded.sha256()).isEqualTo(MappingLoader.sha256(Files.readAllBytes(file)));
    }

    @Test
    void objects_follow_the_load_order_of_the_object_map() {
        assertThat(mapping.objects().keySet())
                .containsExactly("coach", "company", "client", "enrollment", "payment", "session", "note", "file");
        assertThat(mapping.objects().get("client").targets().keySet()).containsExactly("contact", "lead");
        assertThat(mapping.objects().get("client").split())
                .isEqualTo(new ObjectMapping.Split("sessions", 1, "contact", "lead"));
    }

    @Test
    void standard_columns_exist_in_their_table_and_are_valid_for_create() {
        List<String> wrong = new ArrayList<>();
        eachField((at, f) -> {
            if (f.field().column() == null || f.field().create() != null) {
                return;
            }
            JsonNode table = tables.get(f.table());
            if (table == null) {
                if (!SYSTEM_COLUMNS.contains(f.field().column())) {
                    wrong.add(at + ": custom table column " + f.field().column() + " is neither created nor a system column");
                }
                return;
            }
            JsonNode column = table.get("columns").get(f.field().column());
            if (column == null) {
                wrong.add(at + ": " + f.table() + " has no column " + f.field().column());
            } else if (column.path("valid_create").isBoolean() && !column.get("valid_create").asBoolean()) {
                wrong.add(at + ": " + f.table() + "." + f.field().column() + " is not valid for create");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void string_lengths_never_exceed_the_standard_column() {
        List<String> wrong = new ArrayList<>();
        eachField((at, f) -> {
            JsonNode table = tables.get(f.table());
            if (f.field().maxLength() == null || f.field().create() != null || table == null) {
                return;
            }
            JsonNode max = table.get("columns").path(f.field().column()).get("max");
            if (max == null || f.field().maxLength() > max.asInt()) {
                wrong.add(at + ": maxLength " + f.field().maxLength() + " but the column holds " + max);
            }
            if (f.field().tooLong() == null) {
                wrong.add(at + ": maxLength without tooLong");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void lookups_bind_through_an_existing_or_created_navigation() {
        List<String> wrong = new ArrayList<>();
        eachField((at, f) -> {
            FieldMapping.Lookup lookup = f.field().lookup();
            if (lookup == null) {
                return;
            }
            JsonNode table = tables.get(f.table());
            if (table != null && !table.get("navs").has(lookup.navigation())) {
                wrong.add(at + ": " + f.table() + " has no navigation " + lookup.navigation());
            }
            if (table == null && f.field().create() == null) {
                wrong.add(at + ": lookup on a custom table without create");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void value_maps_only_name_options_of_their_column() {
        List<String> wrong = new ArrayList<>();
        eachField((at, f) -> {
            if (f.field().values() == null) {
                return;
            }
            Set<Integer> options = new HashSet<>();
            if (f.field().create() != null) {
                assertThat(f.field().create().type()).as(at).isIn("Picklist", "MultiSelectPicklist");
                options.addAll(f.field().create().options().keySet());
            } else {
                tables.get(f.table()).get("columns").get(f.field().column()).get("options").fieldNames()
                        .forEachRemaining(v -> options.add(Integer.valueOf(v)));
            }
            f.field().values().forEach((source, target) -> {
                if (target != null && !options.contains(target)) {
                    wrong.add(at + ".values." + source + ": " + target + " is not an option of " + f.field().column());
                }
            });
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void custom_choices_number_their_options_from_the_publisher_prefix_in_order() {
        eachField((at, f) -> {
            FieldMapping.NewColumn create = f.field().create();
            if (create == null || !"Picklist".equals(create.type())) {
                return;
            }
            List<Integer> values = new ArrayList<>(create.options().keySet());
            for (int i = 0; i < values.size(); i++) {
                assertThat(values.get(i)).as(at + " option " + i).isEqualTo(727000000 + i);
            }
            assertThat(f.field().values().values()).as(at + " maps something to every option")
                    .containsAll(create.options().keySet());
        });
    }

    @Test
    void every_profi_field_is_mapped_or_skipped_in_every_target() {
        List<String> missing = new ArrayList<>();
        mapping.objects().forEach((type, om) -> {
            ProfiObject object = ProfiObject.byTypeName(type).orElseThrow();
            om.targets().forEach((table, target) -> {
                Set<String> covered = new HashSet<>(target.fields().keySet());
                covered.addAll(target.skip().keySet());
                target.fields().values().stream().map(FieldMapping::currencyField).filter(c -> c != null).forEach(covered::add);
                for (Column c : object.columns()) {
                    if (!covered.contains(c.name())) {
                        missing.add("objects." + type + ".targets." + table + ": " + c.name());
                    }
                }
            });
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void every_skip_gives_a_reason_and_is_not_also_mapped() {
        mapping.objects().forEach((type, om) -> om.targets().forEach((table, target) -> target.skip().forEach((field, reason) -> {
            assertThat(reason).as(type + "." + table + ".skip." + field).isNotBlank();
            assertThat(target.fields()).as(type + "." + table + ".skip." + field).doesNotContainKey(field);
        })));
    }

    @Test
    void custom_columns_carry_the_prefix_and_a_create_block() {
        List<String> wrong = new ArrayList<>();
        eachField((at, f) -> {
            String column = f.field().column();
            JsonNode table = tables.get(f.table());
            boolean standard = column != null
                    && (table != null ? table.get("columns").has(column) : SYSTEM_COLUMNS.contains(column));
            if (column != null && !standard) {
                if (!column.startsWith("profi_")) {
                    wrong.add(at + ": " + column + " is not a standard column and lacks the prefix");
                }
                if (f.field().create() == null) {
                    wrong.add(at + ": " + column + " is custom and has no create block");
                }
            }
            FieldMapping.NewColumn create = f.field().create();
            if (create != null) {
                if (create.type() == null || create.label() == null) {
                    wrong.add(at + ".create: needs type and label");
                }
                if ("String".equals(create.type()) && (create.maxLength() == null || create.maxLength() > 4000
                        || !create.maxLength().equals(f.field().maxLength()))) {
                    wrong.add(at + ".create: a String needs maxLength <= 4000, equal to the field's maxLength");
                }
            }
            if (f.field().unknownTextColumn() != null && !f.field().unknownTextColumn().startsWith("profi_")) {
                wrong.add(at + ".unknownTextColumn: lacks the prefix");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void every_target_carries_the_profi_id_and_every_field_says_why() {
        mapping.objects().forEach((type, om) -> om.targets().forEach((table, target) -> {
            assertThat(target.fields().get("id")).as(type + "." + table + ".id").isNotNull();
            assertThat(target.fields().get("id").column()).isEqualTo("profi_profiid");
            assertThat(target.fields().get("id").maxLength()).isEqualTo(100);
        }));
        eachField((at, f) -> {
            assertThat(f.field().confidence()).as(at).isIn("high", "medium", "low");
            assertThat(f.field().reason()).as(at).isNotBlank();
        });
    }

    @Test
    void money_and_owner_fields_are_declared() {
        assertThat(mapping.objects().get("company").targets().get("account").fields().get("annual_revenue").currencyField())
                .isEqualTo("currency");
        assertThat(mapping.objects().get("payment").targets().get("profi_coachingpayment").fields().get("amount")
                .currencyField()).isEqualTo("currency");
        assertThat(mapping.objects().get("session").targets().get("task").fields().get("coach_email").owner()).isTrue();
        assertThat(mapping.objects().get("note").targets().get("annotation").fields().get("author_email").owner()).isTrue();
        assertThat(mapping.objects().get("client").targets().get("contact").fields().get("owner_email").owner()).isTrue();
    }

    @Test
    void written_and_read_back_it_is_equal(@TempDir Path dir) throws IOException {
        String yaml = MappingLoader.toYaml(mapping);
        Path file = dir.resolve("mapping.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        assertThat(MappingLoader.load(file).mapping()).isEqualTo(mapping);
        assertThat(MappingLoader.toYaml(MappingLoader.load(file).mapping())).isEqualTo(yaml);
    }

    @Test
    void written_it_keeps_the_defaults_comments_above_their_keys_under_a_review_header() throws IOException {
        String bundled;
        try (InputStream in = DefaultMappingTest.class.getResourceAsStream("/mapping/default-mapping.yaml")) {
            bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<List<String>, List<String>> expected = new java.util.LinkedHashMap<>(YamlComments.read(bundled));
        expected.put(List.of(), MappingLoader.HEADER);
        String yaml = MappingLoader.toYaml(mapping);

        assertThat(YamlComments.read(yaml)).isEqualTo(expected);
        assertThat(expected).containsKeys(List.of("objects", "company"), List.of("objects", "file"), List.of("skipObjects"),
                List.of("options", "participantAttendance"));
        assertThat(yaml).startsWith("# " + MappingLoader.HEADER.get(0) + "\n")
                .contains("\n  # Object map row 2.\n  company:\n");
    }

    @Test
    void further_comments_go_after_the_defaults_above_the_same_key_and_the_file_still_loads(@TempDir Path dir)
            throws IOException {
        List<String> industry = List.of("objects", "company", "targets", "account", "fields", "industry", "values", "finance");
        String yaml = MappingLoader.toYaml(mapping, Map.of(industry, List.of("confidence high: a note"),
                List.of("objects", "company"), List.of("one more")));

        assertThat(yaml).contains("\n  # Object map row 2.\n  # one more\n  company:\n")
                .contains("\n              # confidence high: a note\n              finance: 16\n");
        Path file = Files.writeString(dir.resolve("mapping.yaml"), yaml, StandardCharsets.UTF_8);
        assertThat(MappingLoader.load(file).mapping()).isEqualTo(mapping);
    }

    private record Target(String table, FieldMapping field) {
    }

    private static void eachField(BiConsumer<String, Target> check) {
        for (Map.Entry<String, ObjectMapping> o : mapping.objects().entrySet()) {
            for (Map.Entry<String, ObjectMapping.TargetMapping> t : o.getValue().targets().entrySet()) {
                for (Map.Entry<String, FieldMapping> f : t.getValue().fields().entrySet()) {
                    check.accept("objects." + o.getKey() + ".targets." + t.getKey() + ".fields." + f.getKey(),
                            new Target(t.getKey(), f.getValue()));
                }
            }
        }
    }
}
