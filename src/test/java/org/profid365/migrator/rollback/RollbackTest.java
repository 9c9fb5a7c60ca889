package org.profid365.migrator.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.SqlRows;
import org.profid365.migrator.cli.CliRun;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.RecordWrite;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.dataverse.WriteOutcome;
import org.profid365.migrator.load.LoadFixture;
import org.profid365.migrator.load.LoadJob;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * Rollback against the simulated org over HTTP, with real PostgreSQL: the org's state is taken before the migration
 * (with records that existed before it), the full load runs, users add records that point at migrated ones, the
 * migration "updates" a matched pre-existing contact and closes a pre-existing task; rollback must give back the
 * first state exactly (columns that only say when and by whom a row was last written aside), keeping every
 * pre-existing record, also when the rollback process is killed half-way. The tests run in order on one org.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Written by every write, whatever it was: not part of what a rollback must give back. */
    private static final Set<String> VOLATILE = Set.of("modifiedon", "modifiedby", "versionnumber");

    Path tmp;

    LoadFixture f;
    LoadJob.Outcome first;
    String before;
    UUID preAccount;
    UUID preContact;
    UUID matched;
    UUID preTask;
    String[] matchedClient;
    UUID cutoverContact;
    UUID cutoverTask;
    UUID cutoverNote;
    UUID createdAccount;
    UUID createdContact;
    Path configFile;
    List<String> stagedBefore;

    @BeforeAll
    void migrateWithRecordsThatExistedBefore(@TempDir Path dir) throws Exception {
        tmp = dir;
        f = LoadFixture.start(tmp, 40, 23, DataverseSimOptions.defaults().keyActivationDelayMillis(20),
                RollbackTest::matchContactsByEmail, (sim, ctx, dv) -> {
                    // records the business had before the migration: none of them may be lost
                    preAccount = create(dv, TableRef.ACCOUNT, o().put("name", "Pre-existing Ltd"));
                    preContact = create(dv, TableRef.CONTACT, o().put("lastname", "Before")
                            .put("parentcustomerid_account@odata.bind", "/accounts(" + preAccount + ")"));
                    preTask = create(dv, TableRef.TASK, o().put("subject", "Existing follow-up")
                            .put("regardingobjectid_account_task@odata.bind", "/accounts(" + preAccount + ")"));
                    // a person the load will match by email (a client with a company: it gets parented to a created account)
                    matchedClient = clientWithCompanyAndUniqueEmail(ctx);
                    matched = create(dv, TableRef.CONTACT, o().put("firstname", "Pre").put("lastname", "Existing")
                            .put("emailaddress1", matchedClient[1].toUpperCase(java.util.Locale.ROOT)).put("fax", "+1 555 0100"));
                },
                "migrator.load.batch-size", "40", "dataverse.client.bulk-size", "25",
                "migrator.rollback.batch-size", "15", "dataverse.client.batch-max-parts", "10");
        before = comparable(f.sim.stateJson(), Set.of());
        stagedBefore = SqlRows.rows(f.ctx.store().dataSource(), "select object_type, profi_id, load_state from staged_with_state order by 1, 2");

        first = f.load();
        assertThat(first.landed()).isPositive();
        createdAccount = oneCreated("account");
        createdContact = oneCreated("contact");
        // the load matched the pre-existing contact: updated it (before-image kept in id_map) and parented it to the
        // account it created for the client's company
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select state, created_by_us, before_image is not null from id_map "
                + "where target_id = '" + matched + "'")).containsExactly("confirmed|f|t");
        ObjectNode m = f.dv.reader().retrieve("contacts", matched, "firstname", "_parentcustomerid_value").orElseThrow();
        assertThat(m.path("firstname").asText()).isNotEqualTo("Pre");
        assertThat(f.count("select count(*) from id_map where migration_id = ? and created_by_us and target_table = 'account' "
                + "and target_id = '" + m.path("_parentcustomerid_value").asText() + "'")).isOne();

        // during cutover users add records that point at migrated ones through relationships whose delete cascades
        cutoverContact = create(f.dv, TableRef.CONTACT, o().put("lastname", "Cutover")
                .put("parentcustomerid_account@odata.bind", "/accounts(" + createdAccount + ")"));
        cutoverTask = create(f.dv, TableRef.TASK, o().put("subject", "Called back")
                .put("regardingobjectid_contact_task@odata.bind", "/contacts(" + createdContact + ")"));
        assertThat(f.dv.recordWriter().closeTask("t", cutoverTask, 1, 5).ok()).isTrue();
        cutoverNote = create(f.dv, TableRef.ANNOTATION, o().put("subject", "Met at the fair")
                .put("objectid_contact@odata.bind", "/contacts(" + createdContact + ")"));

        // as a later delta would: the matched contact updated once more, and a pre-existing task closed, each audited
        // with its before-image
        update(TableRef.CONTACT, matched, o().put("firstname", "Twice"));
        audit("contact", matched, "update", o().put("firstname", "Twice"), o().put("firstname", m.path("firstname").asText()));
        assertThat(f.dv.recordWriter().closeTask("t", preTask, 1, 5).ok()).isTrue();
        audit("task", preTask, "state", o().put("statecode", 1).put("statuscode", 5), o().put("statecode", 0));

        configFile = tmp.resolve("rollback.properties");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            f.config.asProperties().store(w, "the test's settings, for the rollback child process");
        }
    }

    @AfterAll
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void with_stop_it_lists_the_pre_existing_records_a_delete_would_cascade_into_and_writes_nothing() throws Exception {
        CliRun plan = CliRun.of("--config", configFile.toString(), "rollback", "--dry-run");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("delete " + f.count("select count(*) from id_map where migration_id = ? "
                + "and target_table = 'annotation'") + " annotation").contains("restore the before-image of 2 record(s)");
        int requests = f.sim.requests().size();
        List<String> idMap = SqlRows.rows(f.ctx.store().dataSource(), "select target_id, state from id_map order by 1");

        RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.STOP);

        assertThat(o.status()).isEqualTo("failed");
        assertThat(o.blocked()).hasSize(4).anyMatch(b -> b.startsWith("contact " + matched + " → account "))
                .anyMatch(b -> b.startsWith("contact " + cutoverContact + " → account " + createdAccount))
                .anyMatch(b -> b.startsWith("task " + cutoverTask + " → contact " + createdContact))
                .anyMatch(b -> b.startsWith("annotation " + cutoverNote + " → contact " + createdContact));
        assertThat(writes(requests)).isEmpty();
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select target_id, state from id_map order by 1")).isEqualTo(idMap);
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select status from run where id = " + o.runId()))
                .containsExactly("failed");
    }

    @Test
    @Order(2)
    void killed_half_way_and_run_again_it_gives_back_the_state_before_the_migration() throws Exception {
        long created = f.count("select count(*) from id_map where migration_id = ? and created_by_us");
        int requests = f.sim.requests().size();
        Path log = tmp.resolve("rollback-child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.profid365.migrator.App",
                "--config", configFile.toString(), "rollback")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await(() -> !child.isAlive() || writes(requests).stream().filter(r -> r.path().endsWith("$batch")).count() >= 4,
                    Duration.ofSeconds(180));
            assertThat(child.isAlive()).as("the rollback was still running when killed; its log:\n%s",
                    Files.exists(log) ? Files.readString(log) : "").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no ledger update
            child.waitFor();
        }
        long deletedByChild = f.count("select count(*) from id_map where migration_id = ? and state = 'deleted'");
        assertThat(deletedByChild).isLessThan(created);

        RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK);

        assertThat(o.status()).as(o.failures() + " " + o.stoppedBecause()).isEqualTo("succeeded");
        assertThat(comparable(f.sim.stateJson(), Set.of(cutoverContact, cutoverTask, cutoverNote))).isEqualTo(before);
        assertPreExistingRecordsSurvivedUnlinked();
        // the state store: every created record deleted and audited once, staged records pending again
        assertThat(f.count("select count(*) from id_map where migration_id = ? and created_by_us and state <> 'deleted'")).isZero();
        assertThat(f.count("select count(*) from audit_log where migration_id = ? and operation = 'delete'")).isEqualTo(created);
        // the three records users added during cutover are unlinked; the matched contact needs no unlink, the restore
        // of its before-image puts its company link back to none
        assertThat(f.count("select count(distinct target_id) from audit_log where migration_id = ? and operation = 'update' "
                + "and run_id in (select id from run where kind = 'rollback')")).isEqualTo(3);
        assertThat(f.count("select count(*) from audit_log where migration_id = ? and operation = 'restore'")).isEqualTo(2);
        // an unlink is reversible: its before-image is the bind it removed
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select columns::jsonb::text, before_image::jsonb::text from audit_log "
                + "where operation = 'update' and target_id = '" + cutoverContact + "'")).containsExactly(
                "{\"parentcustomerid_account@odata.bind\": null}|{\"parentcustomerid_account@odata.bind\": \"/accounts("
                        + createdAccount + ")\"}");
        // staged records as before the load: pending, except those staging itself rejected
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select object_type, profi_id, load_state from staged_with_state order by 1, 2"))
                .isEqualTo(stagedBefore);
        // the matched contact's match is undone too; its before-image is spent (the next match reads a fresh one)
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select state, content_hash is null, before_image is null "
                + "from id_map where not created_by_us")).containsExactly("deleted|t|t");
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select kind, status from run where kind = 'rollback' order by id"))
                .containsExactly("rollback|failed", "rollback|interrupted", "rollback|succeeded");
    }

    @Test
    @Order(3)
    void a_second_rollback_sends_no_write() throws Exception {
        int requests = f.sim.requests().size();
        long audits = f.count("select count(*) from audit_log where migration_id = ?");

        RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK);

        assertThat(o.status()).isEqualTo("succeeded");
        assertThat(o.counters()).allSatisfy((k, v) -> assertThat(v).as(k).isZero());
        assertThat(writes(requests)).isEmpty();
        assertThat(f.count("select count(*) from audit_log where migration_id = ?")).isEqualTo(audits);
    }

    @Test
    @Order(4)
    void the_migration_loads_again_after_a_rollback_and_rolls_back_again() throws Exception {
        LoadJob.Outcome again = f.load();

        assertThat(again.landed()).isEqualTo(first.landed());
        assertThat(again.rejected()).isEqualTo(first.rejected());
        assertThat(SqlRows.rows(f.ctx.store().dataSource(), "select object_type, profi_id, target_table, state from id_map "
                + "where created_by_us and state <> 'confirmed'")).isEmpty();

        RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK);

        assertThat(o.status()).isEqualTo("succeeded");
        assertThat(o.counters().get("restored")).isOne(); // the contact matched again
        assertThat(comparable(f.sim.stateJson(), Set.of(cutoverContact, cutoverTask, cutoverNote))).isEqualTo(before);
        assertPreExistingRecordsSurvivedUnlinked();
    }

    @Test
    @Order(5)
    void an_activity_a_killed_rollback_reopened_to_unlink_it_is_closed_again_by_the_next() throws Exception {
        UUID task = create(f.dv, TableRef.TASK, o().put("subject", "Reopened by a rollback that died"));
        long dead = f.ctx.ledger().start(mig(), "rollback", "killed while unlinking");
        f.ctx.ledger().finish(dead, "interrupted", java.util.Map.of());
        // what PreExistingChildren writes ahead of reopening a completed task, then the reopen itself
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (run_id, migration_id, target_table, target_id, operation, columns, before_image)
                values (?, ?, 'task', ?, 'state', '{"statecode": 0}', '{"statecode": 1, "statuscode": 5}')""")) {
            ps.setLong(1, dead);
            ps.setLong(2, mig());
            ps.setObject(3, task);
            ps.executeUpdate();
        }
        assertThat(f.dv.recordWriter().update(TableRef.TASK, RecordWrite.of("t", task, o().put("statecode", 0))).ok()).isTrue();

        RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK);

        assertThat(o.status()).isEqualTo("succeeded");
        assertThat(o.counters().get("reclosed")).isEqualTo(1);
        ObjectNode closed = f.dv.reader().retrieve("tasks", task, "statecode", "statuscode").orElseThrow();
        assertThat(closed.path("statecode").asInt()).isEqualTo(1);
        assertThat(closed.path("statuscode").asInt()).isEqualTo(5);
        int requests = f.sim.requests().size();
        assertThat(RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK).counters().get("reclosed")).isZero();
        assertThat(writes(requests)).isEmpty();
    }

    @Test
    @Order(6)
    void it_refuses_while_another_run_is_marked_running_by_a_live_process() throws Exception {
        long load = f.ctx.ledger().start(mig(), "full", "a load still going (this process)");
        int requests = f.sim.requests().size();
        try {
            RollbackJob.Outcome o = RollbackJob.run(f.camel, f.ctx, f.dv, RollbackRun.PreExisting.UNLINK);

            assertThat(o.status()).isEqualTo("refused");
            assertThat(o.stoppedBecause()).startsWith("run " + load + " (full) is still running");
            assertThat(writes(requests)).isEmpty();
        } finally {
            f.ctx.ledger().finish(load, "succeeded", java.util.Map.of());
        }
    }

    private void assertPreExistingRecordsSurvivedUnlinked() {
        ObjectNode contact = f.dv.reader().retrieve("contacts", cutoverContact, "lastname", "_parentcustomerid_value").orElseThrow();
        assertThat(contact.path("lastname").asText()).isEqualTo("Cutover");
        assertThat(contact.path("_parentcustomerid_value").isNull()).isTrue();
        ObjectNode task = f.dv.reader().retrieve("tasks", cutoverTask, "_regardingobjectid_value", "statecode", "statuscode")
                .orElseThrow();
        assertThat(task.path("_regardingobjectid_value").isNull()).isTrue();
        assertThat(task.path("statecode").asInt()).isEqualTo(1);
        assertThat(task.path("statuscode").asInt()).isEqualTo(5);
        ObjectNode note = f.dv.reader().retrieve("annotations", cutoverNote, "subject", "_objectid_value").orElseThrow();
        assertThat(note.path("_objectid_value").isNull()).isTrue();
        ObjectNode m = f.dv.reader().retrieve("contacts", matched, "firstname", "lastname", "emailaddress1", "fax",
                "_parentcustomerid_value").orElseThrow();
        assertThat(m.path("firstname").asText()).isEqualTo("Pre");
        assertThat(m.path("lastname").asText()).isEqualTo("Existing");
        assertThat(m.path("emailaddress1").asText()).isEqualTo(matchedClient[1].toUpperCase(java.util.Locale.ROOT));
        assertThat(m.path("fax").asText()).isEqualTo("+1 555 0100");
        assertThat(m.path("_parentcustomerid_value").isNull()).isTrue();
        assertThat(f.dv.reader().retrieve("accounts", createdAccount, "name")).isEmpty();
        assertThat(f.dv.reader().retrieve("contacts", createdContact, "lastname")).isEmpty();
    }

    /**
     * The state dump without the columns every write touches and without the given rows, as indented JSON. The matched
     * contact is compared whole: its before-image holds the owner and the company link the load bound, as binds.
     */
    private String comparable(String stateJson, Set<UUID> without) throws Exception {
        JsonNode root = JSON.readTree(stateJson);
        Set<String> skip = new java.util.HashSet<>();
        without.forEach(id -> skip.add(id.toString()));
        Iterator<JsonNode> tables = root.path("records").elements();
        while (tables.hasNext()) {
            ArrayNode rows = (ArrayNode) tables.next();
            for (int i = rows.size() - 1; i >= 0; i--) {
                ObjectNode row = (ObjectNode) rows.get(i);
                if (skip.contains(row.path("contactid").asText()) || skip.contains(row.path("activityid").asText())
                        || skip.contains(row.path("annotationid").asText())) {
                    rows.remove(i);
                } else {
                    row.remove(VOLATILE);
                }
            }
        }
        ((ObjectNode) root.path("records")).properties().removeIf(e -> e.getValue().isEmpty()); // as the dump does
        return JSON.writeValueAsString(root);
    }

    private List<DataverseRequestLog> writes(int from) {
        List<DataverseRequestLog> all = f.sim.requests();
        return all.subList(Math.min(from, all.size()), all.size()).stream().filter(r -> !r.method().equals("GET")).toList();
    }

    private static ObjectNode o() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static UUID create(DataverseConnection dv, TableRef table, ObjectNode columns) {
        UUID id = UUID.randomUUID();
        WriteOutcome w = dv.recordWriter().create(table, RecordWrite.of(table.logicalName(), id, columns));
        assertThat(w.ok()).as(w.toString()).isTrue();
        return id;
    }

    private void update(TableRef table, UUID id, ObjectNode columns) {
        WriteOutcome w = f.dv.recordWriter().update(table, RecordWrite.of(table.logicalName(), id, columns));
        assertThat(w.ok()).as(w.toString()).isTrue();
    }

    private void audit(String table, UUID id, String operation, ObjectNode columns, ObjectNode beforeImage) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                insert into audit_log (run_id, migration_id, target_table, target_id, operation, columns, before_image)
                values (?, ?, ?, ?, ?, ?::json, ?::json)""")) {
            ps.setLong(1, first.runId());
            ps.setLong(2, mig());
            ps.setString(3, table);
            ps.setObject(4, id);
            ps.setString(5, operation);
            ps.setString(6, columns.toString());
            ps.setString(7, beforeImage.toString());
            ps.executeUpdate();
        }
    }

    private static MappingFile matchContactsByEmail(MappingFile m) {
        Map<String, ObjectMapping> objects = new LinkedHashMap<>(m.objects());
        ObjectMapping client = objects.get("client");
        objects.put("client", new ObjectMapping(client.rules(), client.split(),
                Map.of("contact", new ObjectMapping.MatchRule(List.of("emailaddress1"))), client.targets()));
        return new MappingFile(m.version(), m.publisherPrefix(), m.options(), objects, m.skipObjects());
    }

    /** A client that goes to contact (it has sessions), belongs to a staged company and has an email no other has. */
    private static String[] clientWithCompanyAndUniqueEmail(MigratorContext ctx) throws Exception {
        List<String> rows = SqlRows.rows(ctx.store().dataSource(), """
                select s.profi_id || '|' || lower(btrim(s.payload ->> 'email')) from staged_with_state s
                where s.migration_id = %d and s.object_type = 'client' and s.load_state = 'pending'
                  and btrim(s.payload ->> 'email') ~ '^[a-z0-9._-]+@[a-z0-9.-]+$'
                  and (select count(*) from staged_with_state o where o.migration_id = s.migration_id and o.object_type = 'client'
                       and lower(btrim(o.payload ->> 'email')) = lower(btrim(s.payload ->> 'email'))) = 1
                  and exists (select 1 from staged_with_state x where x.migration_id = s.migration_id
                              and x.object_type = 'session' and x.load_state = 'pending'
                              and btrim(x.payload ->> 'client_id') = s.profi_id)
                  and exists (select 1 from staged_with_state c where c.migration_id = s.migration_id
                              and c.object_type = 'company' and c.load_state = 'pending'
                              and c.profi_id = btrim(s.payload ->> 'company_id'))
                order by s.profi_id limit 1
                """.formatted(ctx.migration().id()));
        assertThat(rows).hasSize(1);
        return rows.get(0).split("\\|");
    }

    /**
     * A record the load created (not the matched pre-existing contact, which id_map holds too, confirmed: its id is
     * random, so it sorted first now and then and the cutover records then pointed at a record rollback keeps).
     */
    private UUID oneCreated(String table) throws Exception {
        return UUID.fromString(SqlRows.rows(f.ctx.store().dataSource(), "select target_id from id_map where target_table = '"
                + table + "' and state = 'confirmed' and created_by_us order by target_id limit 1").get(0));
    }

    private long mig() {
        return f.ctx.migration().id();
    }

    /** Waits, polling, until the condition holds. */
    private static void await(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
