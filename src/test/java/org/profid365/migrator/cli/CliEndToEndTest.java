package org.profid365.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.TestDatabase;

/** The command line as a user runs it, on a temporary work directory and real PostgreSQL. */
class CliEndToEndTest {

    @TempDir
    Path tmp;


    private CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void demo_tells_the_whole_story_on_an_embedded_database_of_its_own_and_ends_with_the_org_as_before() throws Exception {
        Path work = tmp.resolve("work");

        CliRun r = cli("-Dmigrator.work-dir=" + work, "demo", "--clients", "40", "--seed", "3", "--sample", "20");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1/13 Generating", "2/13 Staging it into the embedded PostgreSQL", "3/13 Inventory",
                "4/13 Proposing the mapping", "5/13 Approving it", "6/13 Provisioning the schema", "7/13 Resolving owners",
                "8/13 A sample of about 20 records", "9/13 Loading everything else", "10/13 Verifying",
                "11/13 A day later", "12/13 Rolling the migration back", "13/13 Checking the org", "Demo summary");
        // the sample is diffed, the full load writes the rest, verify finds nothing wrong
        assertThat(r.out()).containsPattern("Field-level diff of [\\d,]+ records: [\\d,]+ fields match, [\\d,]+ transformed, 0 mismatch")
                .contains("Run 2 (sample)", "Run 3 (full)", "Entitlement: about", "Verification: OK, no discrepancy");
        // the custom tables of the object map were created in the simulated org, and the mapping was approved
        assertThat(r.out()).contains("To create: 3 table(s)", "Preflight: OK").containsPattern("\\d+ schema changes made");
        // the delta writes exactly the next day's changes: three changed clients and the new prospect; the deleted
        // note is reported (migrator.delta.deletions=report)
        assertThat(r.out()).containsPattern("picked up: +exports: 1 new, 3 changed")
                .contains("Dynamics:   {create=1, update=3}", "deletions:  ");
        // and the rollback leaves the org exactly as it was before the sample
        assertThat(r.out()).contains("Identical: {", "rollback: the org is back to its state before the migration");
        assertThat(work.resolve("reports/owners.html")).exists();
        assertThat(work.resolve("reports/sample-diff.html")).exists();
        assertThat(work.resolve("reports/verify.json")).exists();
        assertThat(MappingLoaderAccess.problems(work.resolve("demo/mapping.yaml"))).isEmpty();
        assertThat(work.resolve("pg/PG_VERSION")).exists();
        JsonNode inv = new ObjectMapper().readTree(work.resolve("reports/inventory.json").toFile());
        assertThat(work.resolve("reports/inventory.html")).exists();
        long clientsInExport = Files.lines(work.resolve("demo/profi-export-40-3/clients.csv")).count() - 1;
        assertThat(inv.toString()).contains("client");
        assertThat(clientsInExport).isGreaterThanOrEqualTo(40);

        // a second run reuses the export and the cluster: only the three clients the delta had changed are staged again
        CliRun again = cli("-Dmigrator.work-dir=" + work, "demo", "--clients", "40", "--seed", "3", "--sample", "20");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("Reusing the demo export");
        assertThat(again.out()).containsPattern("total\\s+[\\d,]+\\s+0\\s+3\\s+[\\d,]+");
        // its simulated org is new, so the same records land again, no more and no fewer
        assertThat(summaryLine(again.out(), "full load:")).isEqualTo(summaryLine(r.out(), "full load:"));
        assertThat(summaryLine(again.out(), "delta:").replaceAll("run \\d+", "run"))
                .isEqualTo(summaryLine(r.out(), "delta:").replaceAll("run \\d+", "run"));
        assertThat(again.out()).contains("Identical: {");
    }

    private static String summaryLine(String out, String prefix) {
        return out.lines().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in\n" + out));
    }

    @Test
    void stage_exits_1_when_records_were_rejected_and_names_them_in_the_dead_letter_table() throws Exception {
        String db = TestDatabase.newDatabaseUrl();
        Path export = ExportFixture.clean(tmp.resolve("export"))
                .file("payments.csv", "id,invoice_id,client_id,amount,currency",
                        "PA-1,IN-1,CL-1,1200.00,EUR", "PA-2,IN-1,CL-1,twelve,EUR").dir();

        CliRun r = cli("-Dmigrator.db.url=" + db, "-Dmigrator.db.user=postgres", "-Dmigrator.work-dir=" + tmp.resolve("w"),
                "stage", export.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.REJECTED_RECORDS);
        assertThat(r.out()).containsPattern("payment\\s+2\\s+2\\s+0\\s+0\\s+1");
        try (Connection c = DriverManager.getConnection(db, "postgres", null);
             ResultSet rs = c.createStatement().executeQuery("select record_key, field, reason from dead_letter")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("PA-2");
            assertThat(rs.getString(2)).isEqualTo("amount");
            assertThat(rs.getString(3)).isEqualTo("payment PA-2 (payments.csv line 3): amount 'twelve' is not a decimal number");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void a_missing_source_is_a_configuration_error_with_exit_2() {
        CliRun r = cli("-Dmigrator.work-dir=" + tmp.resolve("w"), "stage", tmp.resolve("nope").toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(r.err()).contains("error: Profi export " + tmp.resolve("nope") + " does not exist");
    }

    @Test
    void an_unknown_command_is_a_usage_error_with_exit_2() {
        CliRun r = cli("migrate-everything");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(r.err()).contains("Unmatched argument");
    }

    @Test
    void generate_writes_a_reproducible_export() throws Exception {
        CliRun a = cli("generate", "--clients", "25", "--seed", "9", "--out", tmp.resolve("a").toString());
        CliRun b = cli("generate", "--clients", "25", "--seed", "9", "--out", tmp.resolve("b").toString());

        assertThat(a.exit()).isZero();
        assertThat(a.out()).contains("clients.csv", "Traps planted:");
        assertThat(Files.readString(tmp.resolve("a/sessions.csv"))).isEqualTo(Files.readString(tmp.resolve("b/sessions.csv")));
    }
}
