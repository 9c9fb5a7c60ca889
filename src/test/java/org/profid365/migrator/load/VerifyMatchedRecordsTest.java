package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;
import org.profid365.migrator.verify.Verification;

/**
 * verify after a load that matched a client to a contact which existed before the migration: the existing contact
 * counts as written, its fields are compared with the mapping's (all but the create-only creation time), and the
 * tasks regarding it are no dangling lookups; another contact that was already there is counted, not compared.
 */
class VerifyMatchedRecordsTest {

    @TempDir
    Path tmp;

    @Test
    void a_matched_existing_contact_is_verified_like_a_created_one() throws Exception {
        UUID[] existing = new UUID[2];
        try (LoadFixture f = LoadFixture.start(tmp, 30, 5, DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                VerifyMatchedRecordsTest::matchContactsByEmail, (sim, ctx, dv) -> {
                    String email;
                    try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                            select lower(btrim(s.payload ->> 'email')) from staged_with_state s
                            where s.migration_id = ? and s.object_type = 'client' and s.load_state = 'pending'
                              and btrim(s.payload ->> 'email') ~ '^[a-z0-9._-]+@[a-z0-9.-]+$'
                              and (select count(*) from staged_with_state o where o.migration_id = s.migration_id and o.object_type
                                   = 'client' and lower(btrim(o.payload ->> 'email')) = lower(btrim(s.payload ->> 'email'))) = 1
                              and exists (select 1 from staged_with_state x where x.migration_id = s.migration_id
                                          and x.object_type = 'session' and btrim(x.payload ->> 'client_id') = s.profi_id)
                            order by s.profi_id limit 1
                            """)) {
                        ps.setLong(1, ctx.migration().id());
                        try (ResultSet rs = ps.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            email = rs.getString(1);
                        }
                    }
                    existing[0] = contact(dv, "Pre", "Existing", email);
                    existing[1] = contact(dv, "Somebody", "Else", "somebody.else@example.org");
                })) {
            assertThat(f.load().status()).isEqualTo("succeeded");

            Verification.Result r = new Verification(f.ctx, f.dv, f.mapping).run();

            assertThat(r.discrepancies()).as(r.listed().toString()).isZero();
            Verification.TableCounts contacts = r.tables().stream().filter(t -> t.table().equals("contact")).findFirst()
                    .orElseThrow();
            assertThat(contacts.present()).isEqualTo(contacts.written());
            assertThat(contacts.others()).isEqualTo(1); // the other contact, which the migration did not touch
            try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                    "select count(*) from id_map where migration_id = ? and target_id = ? and not created_by_us and state = 'confirmed'")) {
                ps.setLong(1, f.ctx.migration().id());
                ps.setObject(2, existing[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
            }
            assertThat(r.fields().fields()).anySatisfy(t -> {
                assertThat(t.table()).isEqualTo("contact");
                assertThat(t.field()).isEqualTo("created_at");
                assertThat(t.count(org.profid365.migrator.verify.FieldComparison.Status.NOT_MIGRATED)).isEqualTo(1);
            });
        }
    }

    private static UUID contact(org.profid365.migrator.dataverse.DataverseConnection dv, String first, String last,
                                String email) {
        ObjectNode cols = new ObjectMapper().createObjectNode();
        cols.put("firstname", first);
        cols.put("lastname", last);
        cols.put("emailaddress1", email);
        WriteOutcome o = dv.recordWriter().create(TableRef.CONTACT, RecordWrite.of(first, null, cols));
        assertThat(o.ok()).as(String.valueOf(o)).isTrue();
        return o.id();
    }

    private static MappingFile matchContactsByEmail(MappingFile m) {
        Map<String, ObjectMapping> objects = new LinkedHashMap<>(m.objects());
        ObjectMapping client = objects.get("client");
        objects.put("client", new ObjectMapping(client.rules(), client.split(),
                Map.of("contact", new ObjectMapping.MatchRule(List.of("emailaddress1"))), client.targets()));
        return new MappingFile(m.version(), m.publisherPrefix(), m.options(), objects, m.skipObjects());
    }
}
