package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.config.ConfigurationException;

/** Strict loading of mapping files: every problem named with its path, unknown keys with their line, SHA-256. */
class MappingLoaderTest {

    private static final String HEADER = """
            version: 1
            publisherPrefix: profi
            objects:
            """;

    /** A valid company -> account mapping that the cases below break one piece at a time. */
    private static final String COMPANY = """
              company:
                targets:
                  account:
                    fields:
                      id: {column: profi_profiid, maxLength: 100, tooLong: reject, create: {type: String, label: Profi ID, maxLength: 100}}
                      name: {column: name, transform: [trim], maxLength: 160, tooLong: reject}
                      annual_revenue: {column: revenue, transform: [money], currencyField: currency}
                    skip:
                      updated_at: modifiedon cannot be set
            """;

    @TempDir
    Path dir;

    @Test
    void valid_file_loads_with_its_sha256() throws IOException {
        Path file = write(HEADER + COMPANY);
        MappingLoader.LoadedMapping loaded = MappingLoader.load(file);
        assertThat(loaded.mapping().objects()).containsOnlyKeys("company");
        assertThat(loaded.sha256()).hasSize(64).isEqualTo(MappingLoader.sha256(Files.readAllBytes(file)));
    }

    @Test
    void unknown_object_is_reported() {
        assertThat(problems(HEADER + COMPANY + """
                  customer:
                    targets:
                      contact:
                        fields:
                          id: {column: profi_profiid}
                """)).containsExactly("objects.customer: 'customer' is not a Profi object type");
    }

    @Test
    void unknown_field_is_reported_in_fields_and_in_skip() {
        assertThat(problems(HEADER + COMPANY.replace("name: {column: name", "nmae: {column: name")
                .replace("updated_at:", "modified:"))).containsExactly(
                "objects.company.targets.account.fields.nmae: companies.csv has no field 'nmae'",
                "objects.company.targets.account.skip.modified: companies.csv has no such field");
    }

    @Test
    void custom_tables_columns_written_by_rules_and_lookups_must_be_declared() {
        assertThat(problems(HEADER + COMPANY.replace("name: {column: name", "industry: {column: industrycode, values: {IT: 33}, "
                + "unknown: keep-text, unknownTextColumn: profi_industry}\n          name: {column: name") + """
                  payment:
                    rules: [pay-everything]
                    targets:
                      profi_coachingpayment:
                        fields:
                          client_id:
                            lookup: {object: company, navigation: profi_ContactId}
                            create: {type: Lookup, label: Contact}
                            also: [profi_clientref]
                skipObjects:
                  payment: mapped above
                  gift: no such thing
                """)).containsExactlyInAnyOrder(
                "objects.company.targets.account.fields.industry: custom column 'profi_industry' is written but not declared under columns",
                "objects.payment.rules: 'pay-everything' is not a built-in rule (known: " + new java.util.TreeSet<>(MappingLoader.RULES) + ")",
                "objects.payment.targets.profi_coachingpayment.table: profi_coachingpayment is created by the migrator, so give its label, pluralLabel and primaryName",
                "objects.payment.targets.profi_coachingpayment.fields.client_id: custom column 'profi_clientref' is written but not declared under columns",
                "objects.payment.targets.profi_coachingpayment.fields.client_id.create: a Lookup names the table it points at (target)",
                "skipObjects.payment: it is also mapped under objects",
                "skipObjects.gift: 'gift' is not a Profi object type");
    }

    @Test
    void fields_of_related_objects_and_custom_fields_are_known() {
        assertThat(problems(HEADER + COMPANY + """
                  payment:
                    targets:
                      profi_coachingpayment:
                        table: {label: Coaching Payment, pluralLabel: Coaching Payments, primaryName: profi_name}
                        fields:
                          invoice.number: {column: profi_invoicenumber, create: {type: String, label: Invoice Number, maxLength: 100}}
                          cf_vat_id: {column: profi_vatid, create: {type: String, label: VAT ID, maxLength: 50}}
                          invoice.nothing: {column: profi_nothing, create: {type: String, label: Nothing, maxLength: 50}}
                """)).containsExactly(
                "objects.payment.targets.profi_coachingpayment.fields.invoice.nothing: payments.csv has no field 'invoice.nothing'");
    }

    @Test
    void unknown_transform_is_reported() {
        assertThat(problems(HEADER + COMPANY.replace("transform: [trim]", "transform: [trim, capitalize]")))
                .singleElement().asString()
                .startsWith("objects.company.targets.account.fields.name.transform: 'capitalize' is not a transform");
    }

    @Test
    void money_without_currency_field_is_reported() {
        assertThat(problems(HEADER + COMPANY.replace(", currencyField: currency", ""))).containsExactly(
                "objects.company.targets.account.fields.annual_revenue: a money field needs currencyField"
                        + " (the Profi field with the ISO-4217 code)");
    }

    @Test
    void keep_text_without_unknown_text_column_is_reported() {
        assertThat(problems(HEADER + COMPANY.replace("        skip:",
                "          industry: {column: industrycode, values: {consulting: 7}, unknown: keep-text}\n        skip:")))
                .containsExactly("objects.company.targets.account.fields.industry: unknown: keep-text needs unknownTextColumn");
    }

    @Test
    void lookup_to_an_unmapped_object_is_reported() {
        assertThat(problems(HEADER + """
                  client:
                    targets:
                      contact:
                        fields:
                          company_id: {lookup: {object: company, navigation: parentcustomerid_account}}
                """)).containsExactly("objects.client.targets.contact.fields.company_id.lookup.object: 'company' is not a mapped object");
    }

    @Test
    void column_with_upper_case_is_reported() {
        assertThat(problems(HEADER + COMPANY.replace("column: name", "column: Name"))).containsExactly(
                "objects.company.targets.account.fields.name.column: 'Name' must be the logical (lower-case) name");
    }

    @Test
    void created_column_without_the_prefix_is_reported() {
        assertThat(problems(HEADER + COMPANY.replace("column: profi_profiid", "column: new_profiid"))).containsExactly(
                "objects.company.targets.account.fields.id.column: 'new_profiid' is created by the migrator,"
                        + " so it must start with 'profi_'");
    }

    @Test
    void split_naming_a_missing_target_is_reported() {
        assertThat(problems(HEADER + """
                  client:
                    split: {by: sessions, threshold: 1, atLeast: contact, below: lead}
                    targets:
                      contact:
                        fields:
                          first_name: {column: firstname}
                """)).containsExactly("objects.client.split: target 'lead' is not among the targets [contact]");
    }

    @Test
    void two_owner_fields_on_one_target_are_reported() {
        assertThat(problems(HEADER + COMPANY.replace("        skip:",
                "          owner_email: {owner: true}\n          company.owner_email: {owner: true}\n        skip:")))
                .containsExactly("objects.company.targets.account: a record has one owner, but [owner_email,"
                        + " company.owner_email] all say owner: true");
    }

    @Test
    void participant_attendance_must_map_to_session_or_a_session_status() {
        assertThat(problems("""
                version: 1
                publisherPrefix: profi
                options:
                  participantAttendance: {attended: completed, Absent: no_show, cancelled: canceled}
                objects:
                """ + COMPANY)).containsExactly(
                "options.participantAttendance.Absent: write the attendance as the export does, trimmed and in lower case",
                "options.participantAttendance.cancelled: 'canceled' must be session or a session status"
                        + " [requested, scheduled, completed, cancelled, late_cancelled, no_show]");
    }

    @Test
    void several_problems_are_listed_at_once() {
        String yaml = HEADER + COMPANY.replace("column: name", "column: Name")
                .replace("transform: [money], currencyField: currency", "transform: [money]")
                .replace("updated_at:", "modified:");
        assertThatThrownBy(() -> MappingLoader.load(write(yaml)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has 3 problem(s)");
        assertThat(problems(yaml)).containsExactly(
                "objects.company.targets.account.fields.name.column: 'Name' must be the logical (lower-case) name",
                "objects.company.targets.account.fields.annual_revenue: a money field needs currencyField"
                        + " (the Profi field with the ISO-4217 code)",
                "objects.company.targets.account.skip.modified: companies.csv has no such field");
    }

    @Test
    void unknown_yaml_key_fails_with_its_line() {
        // line 9 of the file: the misspelt key "colum" (flow style keeps the whole field on one line; in block
        // style Jackson's YAML location is the token after the key, one line later)
        String yaml = HEADER + COMPANY.replace("name: {column: name", "name: {colum: name");
        assertThat(yaml.lines().toList().get(8)).contains("colum: name");
        assertThatThrownBy(() -> MappingLoader.load(write(yaml)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not valid")
                .hasMessageContaining("\"colum\"")
                .hasMessageEndingWith("(line 9)");
    }

    @Test
    void sha256_changes_with_one_byte_and_not_without_a_change() throws IOException {
        Path file = write(HEADER + COMPANY);
        String first = MappingLoader.load(file).sha256();
        assertThat(MappingLoader.load(file).sha256()).isEqualTo(first);
        Files.write(file, Files.readAllBytes(file));
        assertThat(MappingLoader.load(file).sha256()).isEqualTo(first);

        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("modifiedon cannot be set");
        bytes[at] = (byte) 'M';
        Files.write(file, bytes);
        assertThat(MappingLoader.load(file).sha256()).isNotEqualTo(first).hasSize(64);
    }

    /** The problems load reports for this YAML, one per line, empty when it loads. */
    private List<String> problems(String yaml) {
        try {
            MappingLoader.load(write(yaml));
            return List.of();
        } catch (ConfigurationException e) {
            assertThat(e.getMessage()).contains("problem(s):");
            return Arrays.stream(e.getMessage().split("\n")).skip(1).map(l -> l.replaceFirst("^ {2}- ", "")).toList();
        }
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("mapping.yaml"), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
