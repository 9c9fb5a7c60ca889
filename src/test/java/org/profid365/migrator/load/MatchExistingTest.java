package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * "Match existing": with {@code match: {contact: {columns: [emailaddress1]}}} a client whose email is already on a
 * contact in Dynamics updates that contact (before-image kept) instead of creating a second person, and its
 * sessions' tasks regard the existing contact.
 */
class MatchExistingTest {

    @TempDir
    Path tmp;

    @Test
    void a_client_with_the_email_of_an_existing_contact_updates_it_and_its_tasks_point_at_it() throws Exception {
        String[] client = new String[2];
        UUID[] existing = new UUID[1];
        try (LoadFixture f = LoadFixture.start(tmp, 30, 5, DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                MatchExistingTest::matchContactsByEmail, (sim, ctx, dv) -> {
                    String[] c = clientWithSessionsAndUniqueEmail(ctx);
                    client[0] = c[0];
                    client[1] = c[1];
                    ObjectNode cols = new ObjectMapper().createObjectNode();
                    cols.put("firstname", "Pre");
                    cols.put("lastname", "Existing");
                    cols.put("emailaddress1", c[1].toUpperCase(Locale.ROOT)); // Dataverse compares case-insensitively
                    cols.put("fax", "+1 555 0100");
                    WriteOutcome o = dv.recordWriter().create(TableRef.CONTACT, RecordWrite.of("pre", null, cols));
                    assertThat(o.ok()).as(String.valueOf(o)).isTrue();
                    existing[0] = o.id();
                })) {
            LoadJob.Outcome run = f.load();
            assertThat(run.status()).isEqualTo("succeeded");
            RecordIds ids = new RecordIds(UUID.fromString(LoadFixture.NAMESPACE));

            // no second person: the deterministic contact was never created, the existing one carries the client
            assertThat(f.dv.reader().retrieve("contacts", ids.created("client", client[0]), "contactid")).isEmpty();
            ObjectNode contact = f.dv.reader().retrieve("contacts", existing[0], "firstname", "lastname", "fax")
                    .orElseThrow();
            assertThat(contact.path("firstname").asText()).isNotEqualTo("Pre");
            assertThat(contact.path("fax").asText()).isEqualTo("+1 555 0100"); // a column the map does not write

            try (Connection c = f.ctx.store().connection()) {
                Map<String, Object> row = one(c, "select state, created_by_us, before_image::text from id_map "
                        + "where migration_id = ? and object_type = 'client' and profi_id = ?", f.ctx.migration().id(), client[0]);
                assertThat(row.get("state")).isEqualTo("confirmed");
                assertThat(row.get("created_by_us")).isEqualTo(false);
                JsonNode before = new ObjectMapper().readTree((String) row.get("before_image"));
                assertThat(before.path("firstname").asText()).isEqualTo("Pre");
                assertThat(before.path("lastname").asText()).isEqualTo("Existing");

                Map<String, Object> audit = one(c, "select operation, before_image::text from audit_log "
                        + "where migration_id = ? and target_id = ?::uuid", f.ctx.migration().id(), existing[0].toString());
                assertThat(audit.get("operation")).isEqualTo("update");
                assertThat(new ObjectMapper().readTree((String) audit.get("before_image")).path("firstname").asText())
                        .isEqualTo("Pre");

                // every loaded session of the client regards the existing contact
                try (PreparedStatement ps = c.prepareStatement("select profi_id from staged_with_state where migration_id = ? "
                        + "and object_type = 'session' and load_state = 'loaded' and btrim(payload ->> 'client_id') = ?")) {
                    ps.setLong(1, f.ctx.migration().id());
                    ps.setString(2, client[0]);
                    try (ResultSet rs = ps.executeQuery()) {
                        int n = 0;
                        while (rs.next()) {
                            ObjectNode task = f.dv.reader().retrieve("tasks", ids.of("session", rs.getString(1)),
                                    "_regardingobjectid_value").orElseThrow();
                            assertThat(task.path("_regardingobjectid_value").asText()).isEqualTo(existing[0].toString());
                            n++;
                        }
                        assertThat(n).isPositive();
                    }
                }
            }
        }
    }

    private static MappingFile matchContactsByEmail(MappingFile m) {
        Map<String, ObjectMapping> objects = new LinkedHashMap<>(m.objects());
        ObjectMapping client = objects.get("client");
        objects.put("client", new ObjectMapping(client.rules(), client.split(),
                Map.of("contact", new ObjectMapping.MatchRule(List.of("emailaddress1"))), client.targets()));
        return new MappingFile(m.version(), m.publisherPrefix(), m.options(), objects, m.skipObjects());
    }

    /** A client that goes to contact (it has sessions) with a plain email no other client has. */
    private static String[] clientWithSessionsAndUniqueEmail(MigratorContext ctx) throws Exception {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select s.profi_id, lower(btrim(s.payload ->> 'email')) from staged_with_state s
                where s.migration_id = ? and s.object_type = 'client' and s.load_state = 'pending'
                  and btrim(s.payload ->> 'email') ~ '^[a-z0-9._-]+@[a-z0-9.-]+$'
                  and (select count(*) from staged_with_state o where o.migration_id = s.migration_id
                       and o.object_type = 'client' and lower(btrim(o.payload ->> 'email')) = lower(btrim(s.payload ->> 'email'))) = 1
                  and exists (select 1 from staged_with_state x where x.migration_id = s.migration_id
                              and x.object_type = 'session' and x.load_state = 'pending'
                              and btrim(x.payload ->> 'client_id') = s.profi_id)
                order by s.profi_id limit 1
                """)) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private static Map<String, Object> one(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return out;
            }
        }
    }
}
