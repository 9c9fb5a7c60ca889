package org.profid365.migrator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.cli.ExitCodes;
import org.profid365.migrator.cli.MigratorCommand;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;

class MappingApprovalsTest {

    static final String MAPPING = """
            version: 1
            publisherPrefix: profi
            objects:
              company:
                targets:
                  account:
                    fields:
                      name: {column: name, transform: [trim], maxLength: 160, tooLong: reject, confidence: high, reason: same meaning}
                      company_type:
                        column: profi_companytype
                        values: {individual_coach: 727000000, coaching_firm: 727000001, franchise: null}
                        unknown: reject
                        create: {type: Picklist, label: Company type}
                        confidence: low
                    skip:
                      email: account has one email column and the mapper keeps it for the contact
            """;

    @TempDir
    Path tmp;

    @Test
    void only_the_exact_approved_content_passes_the_gate_and_an_edit_needs_a_new_approval() throws Exception {
        Path file = Files.writeString(tmp.resolve("mapping.yaml"), MAPPING);
        try (MigratorContext ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", TestDatabase.newDatabaseUrl(),
                "migrator.db.user", "postgres")))) {
            MappingApprovals approvals = new MappingApprovals(ctx);
            MappingLoader.LoadedMapping loaded = MappingLoader.load(file);

            assertThat(approvals.unapprovedReason(loaded)).hasValueSatisfying(r -> assertThat(r)
                    .contains("has not been approved").doesNotContain("changed since"));
            approvals.approve(loaded, "maria");
            assertThat(approvals.unapprovedReason(MappingLoader.load(file))).isEmpty();
            assertThat(approvals.approvalOf(loaded.sha256())).hasValueSatisfying(a -> assertThat(a.approvedBy()).isEqualTo("maria"));

            Files.writeString(file, MAPPING.replace("maxLength: 160", "maxLength: 150"));
            assertThat(approvals.unapprovedReason(MappingLoader.load(file))).hasValueSatisfying(r -> assertThat(r)
                    .contains("has not been approved; it changed since the last approval"));
        }
    }

    @Test
    void the_summary_names_low_confidence_fields_and_value_map_entries_without_a_target() throws Exception {
        Path file = Files.writeString(tmp.resolve("mapping.yaml"), MAPPING);

        MappingSummary s = MappingSummary.of(MappingLoader.load(file).mapping());

        assertThat(s.fieldsMapped()).isEqualTo(2);
        assertThat(s.highConfidence()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.lowConfidenceFields()).containsExactly("company -> account.company_type");
        assertThat(s.undecidedValues()).containsExactly("company -> account.company_type: 'franchise'");
    }

    @Test
    void approve_map_with_yes_records_who_approved_which_content() throws Exception {
        Path file = Files.writeString(tmp.resolve("mapping.yaml"), MAPPING);
        String db = TestDatabase.newDatabaseUrl();
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = MigratorCommand.run("-Dmigrator.db.url=" + db, "-Dmigrator.db.user=postgres", "-Dmigrator.mapping.file=" + file,
                    "approve-map", "--yes", "--by", "ops@example.com");
        } finally {
            System.setOut(old);
        }

        assertThat(exit).isEqualTo(ExitCodes.OK);
        String sha = MappingLoader.load(file).sha256();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("SHA-256 " + sha, "Fields mapped: 2",
                "company -> account.company_type: 'franchise'", "Approved by ops@example.com");
        try (MigratorContext ctx = MigratorContext.open(MigratorConfig.of(Map.of("migrator.db.url", db, "migrator.db.user", "postgres")))) {
            assertThat(new MappingApprovals(ctx).approvalOf(sha)).isPresent();
        }
    }
}
