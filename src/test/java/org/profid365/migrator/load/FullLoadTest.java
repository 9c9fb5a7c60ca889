package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.mapping.CloseTaskAfterCreateRule;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * The full load of a generated export (with every planted trap) into the simulated org, through the YAML routes:
 * every staged record is either in Dynamics with its links, or in the dead letters with a reason; a second run
 * writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullLoadTest {

    static final long BLOCK_THRESHOLD = 2048;

    LoadFixture f;
    LoadJob.Outcome first;
    long writtenTypesStaged;

    @BeforeAll
    void loadOnce(@TempDir Path tmp) throws Exception {
        // files over 2 KB go through the block upload (the default threshold is 4 MB, larger than generated files)
        f = LoadFixture.start(tmp, 60, 11, DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                m -> new MappingFile(m.version(), m.publisherPrefix(), new MappingFile.MappingOptions(
                        m.options().leadThresholdSessions(), m.options().timeZone(), m.options().noteHtml(), BLOCK_THRESHOLD,
                        m.options().participantAttendance()),
                        m.objects(), m.skipObjects()),
                (sim, ctx, dv) -> { },
                "migrator.load.batch-size", "40", "dataverse.client.bulk-size", "25");
        writtenTypesStaged = f.count("select count(*) from staged_with_state where migration_id = ? and load_state = 'pending' "
                + "and object_type in ('coach','company','client','enrollment','payment','invoice','session','note','file')");
        first = f.load();
    }

    @AfterAll
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void every_record_either_landed_or_is_a_dead_letter_with_a_reason() throws Exception {
        assertThat(first.status()).isEqualTo("succeeded");
        assertThat(first.landed() + first.rejected()).isEqualTo(writtenTypesStaged);
        assertThat(first.landed()).isGreaterThan(writtenTypesStaged * 9 / 10);
        assertThat(f.count("select count(*) from staged_with_state where migration_id = ? and load_state = 'pending' and "
                + "object_type in ('coach','company','client','enrollment','payment','invoice','session','note','file')")).isZero();
        // each rejected record has exactly one open load dead letter that names it and says why
        assertThat(f.count("""
                select count(*) from staged_with_state s where s.migration_id = ? and s.load_state = 'rejected'
                  and not exists (select 1 from dead_letter d where d.migration_id = s.migration_id
                                  and d.object_type = s.object_type and d.profi_id = s.profi_id
                                  and d.replay_state = 'open' and d.reason like s.object_type || ' ' || s.profi_id || ' %')
                """)).isZero();
        assertThat(f.count("select count(*) from dead_letter where migration_id = ? and stage like 'load-%'"))
                .isEqualTo(first.rejected());
        // every target of a landed record is confirmed, audited once as a create, and present in the org
        assertThat(f.count("select count(*) from id_map where migration_id = ? and state <> 'confirmed'"))
                .as(text("select string_agg(reason, ' | ') from dead_letter where migration_id = ? and stage like 'load-%'"))
                .isZero();
        assertThat(f.count("select count(*) from audit_log where migration_id = ? and operation = 'create'"))
                .isEqualTo(f.count("select count(*) from id_map where migration_id = ?"));
        Map<String, Set<UUID>> inOrg = new HashMap<>();
        for (String table : List.of("contact", "lead", "account", "task", "annotation", "profi_coach",
                "profi_programenrollment", "profi_coachingpayment")) {
            Set<UUID> ids = new HashSet<>();
            String pk = table.equals("task") || table.equals("annotation") ? (table.equals("task") ? "activityid" : "annotationid")
                    : table + "id";
            f.dv.reader().forEach(ODataQuery.from(f.dv.metadata().entitySetName(table)).select(pk),
                    row -> ids.add(UUID.fromString(row.path(pk).asText())));
            inOrg.put(table, ids);
        }
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select target_table, target_id from id_map where migration_id = ?")) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    assertThat(inOrg.get(rs.getString(1))).as(rs.getString(1)).contains(rs.getObject(2, UUID.class));
                    n++;
                }
                assertThat(n).isEqualTo(inOrg.values().stream().mapToInt(Set::size).sum());
            }
        }
    }

    @Test
    void contacts_point_at_their_company_and_tasks_at_their_client_with_the_sessions_state() throws Exception {
        RecordIds ids = new RecordIds(UUID.fromString(LoadFixture.NAMESPACE));
        int linked = 0;
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select s.profi_id, s.payload ->> 'company_id' from staged_with_state s
                join id_map m on m.migration_id = s.migration_id and m.object_type = 'client' and m.profi_id = s.profi_id
                where s.migration_id = ? and s.object_type = 'client' and s.load_state = 'loaded'
                  and m.target_table = 'contact' and coalesce(btrim(s.payload ->> 'company_id'), '') <> ''
                """)) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = ids.of("client", rs.getString(1));
                    ObjectNode row = f.dv.reader().retrieve("contacts", id, "_parentcustomerid_value").orElseThrow();
                    assertThat(row.path("_parentcustomerid_value").asText()).as("client " + rs.getString(1)).isEqualTo(ids.of("company", rs.getString(2).strip()).toString());
                    linked++;
                }
            }
        }
        assertThat(linked).isPositive();
        int tasks = 0;
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select profi_id, btrim(payload ->> 'client_id'), payload ->> 'status' from staged_with_state
                where migration_id = ? and object_type = 'session' and load_state = 'loaded'
                """)) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode task = f.dv.reader().retrieve("tasks", ids.of("session", rs.getString(1)),
                            "_regardingobjectid_value", "statecode", "statuscode").orElseThrow();
                    assertThat(task.path("_regardingobjectid_value").asText()).isEqualTo(ids.of("client", rs.getString(2)).toString());
                    int[] closed = CloseTaskAfterCreateRule.closedState(rs.getString(3));
                    assertThat(task.path("statecode").asInt()).as("session " + rs.getString(1) + " " + rs.getString(3))
                            .isEqualTo(closed == null ? 0 : closed[0]);
                    tasks++;
                }
            }
        }
        assertThat(tasks).isPositive();
        assertThat(f.count("select count(*) from audit_log where migration_id = ? and operation = 'state'"))
                .isEqualTo(countClosedTasks());
    }

    @Test
    void files_over_the_inline_limit_are_uploaded_in_blocks_and_carry_their_bytes() throws Exception {
        RecordIds ids = new RecordIds(UUID.fromString(LoadFixture.NAMESPACE));
        int big = 0;
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select profi_id, payload ->> 'path' from staged_with_state
                where migration_id = ? and object_type = 'file' and load_state = 'loaded' and coalesce(payload ->> 'path', '') <> ''
                """)) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] bytes = java.nio.file.Files.readAllBytes(f.export.resolve("files").resolve(rs.getString(2)));
                    ObjectNode note = f.dv.reader().retrieve("annotations", ids.of("file", rs.getString(1)), "documentbody",
                            "filename").orElseThrow();
                    assertThat(java.util.Base64.getDecoder().decode(note.path("documentbody").asText()))
                            .as("file " + rs.getString(1)).isEqualTo(bytes);
                    if (bytes.length > BLOCK_THRESHOLD) {
                        big++;
                    }
                }
            }
        }
        assertThat(big).isPositive();
        long commits = f.sim.requests().stream().filter(r -> r.path().contains("CommitAnnotationBlocksUpload")
                && r.status() == 200).count();
        assertThat(commits).isEqualTo(big);
    }

    @Test
    void a_second_run_finds_nothing_pending_and_writes_nothing() throws Exception {
        int before = f.sim.requests().size();
        long audits = f.count("select count(*) from audit_log where migration_id = ?");

        LoadJob.Outcome again = f.load();

        assertThat(again.landed()).isZero();
        assertThat(again.rejected()).isZero();
        assertThat(f.count("select count(*) from audit_log where migration_id = ?")).isEqualTo(audits);
        assertThat(f.sim.requests().subList(before, f.sim.requests().size()))
                .noneMatch(r -> !r.method().equals("GET"));
    }

    /** Tasks of this migration that are closed in the org: each was closed by exactly one audited state change. */
    private long countClosedTasks() throws Exception {
        long closed = 0;
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select target_id from id_map where migration_id = ? and target_table = 'task'")) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode task = f.dv.reader().retrieve("tasks", rs.getObject(1, UUID.class), "statecode").orElseThrow();
                    closed += task.path("statecode").asInt() == 0 ? 0 : 1;
                }
            }
        }
        return closed;
    }

    private String text(String sql) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
