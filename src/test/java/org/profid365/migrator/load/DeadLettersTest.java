package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.cli.CliRun;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;

/**
 * Records that cannot move, through the command line as an operator meets them: {@code migrate --full} over the
 * {@link PlantedExport}, whose contact with an over-long city sinks a CreateMultiple chunk and whose value-map gap
 * rejects two clients; then the gap closed, the mapping approved again and {@code dead-letters replay}. The tests
 * run in order on one database and one simulated org.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLettersTest {

    LoadFixture f;
    PlantedExport export;
    RecordIds ids = new RecordIds(UUID.fromString(LoadFixture.NAMESPACE));
    CliRun migrate;

    @BeforeAll
    void migrate(@TempDir Path tmp) throws Exception {
        export = PlantedExport.get();
        export.mappingInto(tmp);
        f = LoadFixture.start(tmp, export.dir, ReferenceRun.options(), ReferenceRun.SETTINGS);
        migrate = cli("migrate", "--full");
    }

    @AfterAll
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void one_bad_record_sinks_its_bulk_chunk_yet_the_others_land_and_its_dead_letter_names_record_column_and_code()
            throws Exception {
        assertThat(migrate.exit()).as(migrate.err()).isEqualTo(1); // done, with rejected records
        assertThat(migrate.out()).contains("See them with: dead-letters list");
        // Dataverse refused the chunk as a whole; the $batch that followed let the good records in
        List<DataverseRequestLog> log = f.sim.requests();
        int refused = indexOf(log, r -> r.path().endsWith("/contacts/Microsoft.Dynamics.CRM.CreateMultiple") && r.status() == 400);
        assertThat(refused).as("the refused CreateMultiple").isNotNegative();
        assertThat(log.subList(refused, log.size())).anyMatch(r -> r.path().endsWith("/$batch") && r.status() == 200);

        Letter bad = openLetter("load-clients", "client", export.tooLongCity);
        assertThat(bad.reason()).contains("client " + export.tooLongCity, "address1_city", "0x80044331");
        assertThat(bad.field()).isEqualTo("address1_city");
        assertThat(f.loadState("client", export.tooLongCity)).isEqualTo("rejected");
        assertThat(f.dv.reader().retrieve("contacts", ids.of("client", export.tooLongCity), "contactid")).isEmpty();

        // every other client of the stage is in Dynamics, in the table id_map names, or has a dead letter of its own
        List<String> clients = column("select profi_id from staged_with_state where migration_id = ? and object_type = 'client' "
                + "and load_state = 'loaded'");
        assertThat(clients).hasSizeGreaterThan(20);
        for (String client : clients) {
            String table = column("select target_table from id_map where migration_id = ? and object_type = 'client' "
                    + "and profi_id = ? and state = 'confirmed'", client).get(0);
            assertThat(f.dv.reader().retrieve(table + "s", ids.of("client", client), table + "id")).as(client).isPresent();
        }
        assertThat(column("select profi_id from staged_with_state where migration_id = ? and object_type = 'client' "
                + "and load_state not in ('loaded', 'rejected')")).isEmpty();
    }

    @Test
    @Order(2)
    void the_children_of_a_rejected_client_are_dead_letters_with_its_reason_and_are_never_sent() throws Exception {
        String p = export.tooLongCity;
        List<String> sessions = childrenOf("session", p);
        List<String> notes = childrenOf("note", p);
        assertThat(sessions).hasSizeGreaterThanOrEqualTo(2);
        assertThat(notes).isNotEmpty();
        for (String s : sessions) {
            assertThat(openLetter("load-tasks", "session", s).reason())
                    .contains("session " + s, "client " + p + " was rejected (see its dead letter)");
            assertThat(f.dv.reader().retrieve("tasks", ids.of("session", s), "activityid")).as(s).isEmpty();
        }
        for (String n : notes) {
            assertThat(openLetter("load-notes-files", "note", n).reason()).contains("client " + p + " was rejected");
        }
        // never sent: the write-ahead id_map row is written before any request leaves, and there is none
        assertThat(column("select profi_id from id_map where migration_id = ? and object_type in ('session', 'note') "
                + "and profi_id = any(string_to_array(?, ','))", String.join(",", concat(sessions, notes)))).isEmpty();
    }

    @Test
    @Order(3)
    void replay_sends_the_fixed_records_again_and_keeps_the_still_bad_one_open_with_its_new_reason() throws Exception {
        String q = export.valueGap;
        String r = export.both;
        Letter gap = openLetter("load-clients", "client", q);
        assertThat(gap.reason()).contains(PlantedExport.GAP_VALUE);
        assertThat(openLetter("load-clients", "client", r).reason()).contains(PlantedExport.GAP_VALUE);
        List<String> qSessions = childrenOf("session", q);
        assertThat(qSessions).isNotEmpty().allSatisfy(s -> assertThat(f.loadState("session", s)).isEqualTo("rejected"));

        // the gap closed in the file, not yet approved: the preflight stops the replay, nothing moves
        PlantedExport.closeGap(f.mappingFile);
        CliRun unapproved = cli("dead-letters", "replay", "--stage", "clients");
        assertThat(unapproved.exit()).as(unapproved.out() + unapproved.err()).isEqualTo(3);
        assertThat(unapproved.err()).contains("preflight failed");
        assertThat(openLetter("load-clients", "client", q)).isEqualTo(gap);

        CliRun approve = cli("approve-map", "--yes", "--by", "test");
        assertThat(approve.exit()).as(approve.err()).isZero();
        CliRun replay = cli("dead-letters", "replay", "--stage", "clients");

        // one still bad: exit 1, as for any run that leaves records in the dead letters
        assertThat(replay.exit()).as(replay.out() + replay.err()).isEqualTo(1);
        assertThat(f.loadState("client", q)).isEqualTo("loaded");
        assertThat(column("select replay_state from dead_letter where migration_id = ? and stage = 'load-clients' "
                + "and profi_id = ?", q)).containsExactly("resolved");
        assertThat(f.dv.reader().retrieve("contacts", ids.of("client", q), "contactid"))
                .as("a client with sessions is a contact, as in the first run").isPresent();
        Letter stillBad = openLetter("load-clients", "client", r);
        assertThat(stillBad.reason()).doesNotContain(PlantedExport.GAP_VALUE)
                .contains("client " + r, "address1_city", "0x80044331");
        assertThat(stillBad.attempts()).isEqualTo(2);
        assertThat(openLetter("load-clients", "client", export.tooLongCity)).isNotNull();

        // its sessions were dead letters because of it: replayed by reason, they land now, and nothing is left
        CliRun sessions = cli("dead-letters", "replay", "--stage", "tasks", "--reason", "client " + q + " ");
        assertThat(sessions.exit()).as(sessions.out() + sessions.err()).isZero();
        for (String s : qSessions) {
            assertThat(f.loadState("session", s)).isEqualTo("loaded");
            assertThat(f.dv.reader().retrieve("tasks", ids.of("session", s), "_regardingobjectid_value").orElseThrow()
                    .path("_regardingobjectid_value").asText()).isEqualTo(ids.of("client", q).toString());
        }
        assertThat(column("select profi_id from dead_letter where migration_id = ? and stage = 'load-tasks' "
                + "and replay_state <> 'resolved' and reason like ?", "%client " + q + " %")).isEmpty();
    }

    record Letter(String reason, String field, int attempts, String replayState) {
    }

    private Letter openLetter(String stage, String type, String profiId) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select reason, field, attempts, replay_state from dead_letter
                where migration_id = ? and stage = ? and object_type = ? and profi_id = ? and replay_state = 'open'
                """)) {
            ps.setLong(1, f.ctx.migration().id());
            ps.setString(2, stage);
            ps.setString(3, type);
            ps.setString(4, profiId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("an open dead letter of " + type + " " + profiId + " in " + stage).isTrue();
                return new Letter(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4));
            }
        }
    }

    /** One text column of {@code sql}, whose parameters are the migration id, then {@code params}. */
    private List<String> column(String sql, String... params) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, f.ctx.migration().id());
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 2, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private List<String> childrenOf(String type, String client) throws Exception {
        return column("select profi_id from staged_with_state where migration_id = ? and object_type = ? "
                + "and btrim(payload ->> 'client_id') = ? order by profi_id", type, client);
    }

    private CliRun cli(String... command) {
        List<String> args = new ArrayList<>();
        f.settings.forEach((k, v) -> args.add("-D" + k + "=" + v));
        args.addAll(List.of(command));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static int indexOf(List<DataverseRequestLog> log, java.util.function.Predicate<DataverseRequestLog> p) {
        for (int i = 0; i < log.size(); i++) {
            if (p.test(log.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
