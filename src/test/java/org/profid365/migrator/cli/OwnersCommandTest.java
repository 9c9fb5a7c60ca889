package org.profid365.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.ExportFixture;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.sim.dataverse.DataverseSimulator;

/** {@code owners} as a user runs it: stage, then resolve against the Dataverse simulator, on real PostgreSQL. */
class OwnersCommandTest {

    @TempDir
    Path tmp;
    DataverseSimulator sim;
    UUID anna;
    UUID fallback;
    String db;
    Path work;


    @BeforeEach
    void start() throws Exception {
        sim = DataverseSimulator.start(DataverseSimOptions.defaults());
        anna = sim.addSystemUser("anna@coach.example", "Anna Berg", false);
        sim.addSystemUser("bob@coach.example", "Bob Gone", true);
        fallback = sim.addSystemUser("owner@contoso.example", "Migration Owner", false);
        db = TestDatabase.newDatabaseUrl();
        work = tmp.resolve("work");
        Path export = ExportFixture.clean(tmp.resolve("export"))
                .file("clients.csv", "id,first_name,last_name,email,owner_email,co_coach_emails",
                        "CL-1,Maria,O'Brien,maria@example.com,Anna@Coach.Example,bob@coach.example",
                        "CL-2,Ivan,Petrov,ivan@example.com,carl@nowhere.example,")
                .file("sessions.csv", "id,client_id,coach_email,title,start_at,status",
                        "SE-1,CL-1,anna@coach.example,Kick-off,2024-01-10T10:00:00Z,completed",
                        "SE-2,CL-2,bob@coach.example,Intro,2024-01-11T10:00:00Z,completed")
                .dir();
        CliRun staged = cli(base("stage", export.toString()));
        assertThat(staged.exit()).as(staged.err()).isIn(ExitCodes.OK, ExitCodes.REJECTED_RECORDS);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String[] base(String... command) {
        List<String> args = new ArrayList<>(List.of("-Ddataverse.url=" + sim.baseUrl(),
                "-Ddataverse.token=" + sim.issueToken("migration"), "-Dmigrator.db.url=" + db, "-Dmigrator.db.user=postgres",
                "-Dmigrator.work-dir=" + work, "-Dmigrator.owners.fallback="));
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    private CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void owners_exits_0_with_a_fallback_and_writes_the_csv_and_html_reports() throws Exception {
        String[] args = base("owners");
        args[5] = "-Dmigrator.owners.fallback=owner@contoso.example";

        CliRun r = cli(args);

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("Preflight: OK").contains("owners.csv").contains("owners.html");
        List<String> csv = Files.readAllLines(work.resolve("reports/owners.csv"), StandardCharsets.UTF_8);
        assertThat(csv).containsExactly(
                "email,status,systemuser_id,full_name,goes_to,resolved_to,owned_records,coach,company,client,session,note,"
                        + "co_coached_clients,coach_profile_ids",
                "anna@coach.example,matched," + anna + ",Anna Berg,own user," + anna + ",5,1,1,1,1,1,0,CO-1",
                "bob@coach.example,disabled," + uuidOf(csv, "bob") + ",Bob Gone,fallback owner@contoso.example," + fallback
                        + ",1,0,0,0,1,0,1,",
                "carl@nowhere.example,unmatched,,,fallback owner@contoso.example," + fallback + ",1,0,0,1,0,0,0,");
        assertThat(Files.readString(work.resolve("reports/owners.html"))).contains("carl@nowhere.example");
    }

    @Test
    void owners_exits_3_without_a_fallback_and_names_the_owners_on_stderr() throws Exception {
        CliRun r = cli(base("owners"));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        assertThat(r.err()).contains("preflight failed").contains("bob@coach.example").contains("carl@nowhere.example");
        assertThat(Files.readString(work.resolve("reports/owners.csv"))).contains("carl@nowhere.example,unmatched,,,"
                + "NOWHERE (no usable fallback),,1,");
    }

    @Test
    void owners_without_a_dataverse_url_is_a_configuration_error() {
        String[] args = base("owners");
        args[0] = "-Ddataverse.url=";

        CliRun r = cli(args);

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(r.err()).contains("dataverse.url");
    }

    private static String uuidOf(List<String> csv, String prefix) {
        return csv.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().split(",")[2];
    }
}
