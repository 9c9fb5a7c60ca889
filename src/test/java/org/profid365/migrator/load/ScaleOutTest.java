package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;

/**
 * Two instances ({@code migrate --full} in two JVMs) on one state database and one org share one staged migration,
 * each with its own workers and its own Dataverse application user; one is killed (SIGKILL) right after a create of
 * it landed in Dynamics and before it gets the answer. The survivor finishes alone, and the org and the state store
 * end exactly as after one clean run ({@link ReferenceRun}); the only records both instances sent are those of the
 * batch the dead one never recorded (the request it was killed at, and the batch's other chunk if it went out).
 *
 * <p>The order is forced through the simulator, not left to timing: instance A's task creates are held (the write has
 * landed, the answer waits) until instance B, started only then, has recorded a task batch of its own; B is killed at
 * its next task create. So both have claimed and written tasks at the same time, B has recorded work of its own when
 * it dies, and records B held are left for A to take over.
 */
class ScaleOutTest {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK_CREATE = "/tasks/Microsoft.Dynamics.CRM.CreateMultiple";
    /** The simulator's application users of the two instances (A's is the fixture's, as in the reference run). */
    private static final String SIM_USER_A = "migration";
    private static final String SIM_USER_B = "migration-b";
    /** The names the migrators give their application users (the audit log's app_user). */
    private static final String APP_USER_A = "default";
    private static final String APP_USER_B = "b";
    private static final int WORKERS_A = 2;
    private static final int WORKERS_B = 1;
    private static final Pattern ID_VALUE = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    @TempDir
    Path tmp;
    Path logs;

    @BeforeEach
    void logs(TestInfo test) throws Exception {
        logs = ChildMigrator.logDir(getClass(), test);
    }

    @Test
    void two_instances_share_the_load_and_when_one_dies_the_survivor_ends_it_as_a_clean_run() throws Exception {
        ReferenceRun clean = ReferenceRun.get();
        PlantedExport export = PlantedExport.get();
        export.mappingInto(tmp);
        try (LoadFixture f = LoadFixture.start(tmp, export.dir, ReferenceRun.options(), ReferenceRun.SETTINGS)) {
            int batch = Integer.parseInt(ReferenceRun.SETTINGS[1]);
            // A holds up to WORKERS_A batches and B records one before the kill: a further batch must be left for B
            assertThat(f.count("select count(*) from staged_with_state where migration_id = ? and object_type = 'session' "
                    + "and load_state = 'pending'")).as("pending sessions").isGreaterThan((WORKERS_A + 1L) * batch);
            String tokenB = f.sim.issueToken(SIM_USER_B);
            f.sim.options().logRequestBodies(true);
            Set<String> primaryIds = primaryIds(f.sim.stateJson());

            Map<String, String> settingsA = settings(f, WORKERS_A);
            Map<String, String> settingsB = settings(f, WORKERS_B);
            settingsB.put("dataverse.app-users", APP_USER_B);
            settingsB.put("dataverse.app-user." + APP_USER_B + ".token", tokenB);

            List<DataverseRequestLog> seen = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean aHeld = new AtomicBoolean();
            AtomicBoolean bRecordedTasks = new AtomicBoolean();
            AtomicBoolean killed = new AtomicBoolean();
            AtomicReference<ChildMigrator> b = new AtomicReference<>();
            Set<String> killedIds = Collections.synchronizedSet(new TreeSet<>());
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            long[] bTasksAtKill = new long[1];
            f.sim.beforeAnswer(r -> {
                seen.add(r);
                if (!r.path().endsWith(TASK_CREATE) || r.status() != 200) {
                    return;
                }
                if (SIM_USER_A.equals(r.appUser()) && !bRecordedTasks.get()) {
                    // A's task create has landed; its answer waits until B has recorded a task batch of its own
                    aHeld.set(true);
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (tasksRecordedBy(f, APP_USER_B) == 0) {
                        if (System.nanoTime() > deadline) {
                            problems.add("instance B recorded no task batch within " + WAIT + " while A was held");
                            break;
                        }
                        LockSupport.parkNanos(50_000_000); // polling interval
                    }
                    bRecordedTasks.set(true);
                } else if (SIM_USER_B.equals(r.appUser()) && !killed.get()) {
                    long recorded = tasksRecordedBy(f, APP_USER_B);
                    if (recorded > 0 && killed.compareAndSet(false, true)) {
                        bTasksAtKill[0] = recorded;
                        killedIds.addAll(ids(r.body(), primaryIds));
                        b.get().kill();
                    }
                }
            });
            int exitA;
            ChildMigrator a = ChildMigrator.start(settingsA, logs.resolve("instance-a.log"), "migrate", "--full");
            try {
                a.awaitWhileRunning("instance A's first task create", aHeld::get, WAIT);
                b.set(ChildMigrator.start(settingsB, logs.resolve("instance-b.log"), "migrate", "--full"));
                b.get().awaitWhileRunning("instance B's task create after a recorded task batch, to kill it at",
                        killed::get, WAIT);
                exitA = a.exitCode(WAIT);
            } finally {
                f.sim.beforeAnswer(null);
                // a failed wait must not leave a migrator running: only the two processes started here are killed
                a.kill();
                if (b.get() != null) {
                    b.get().kill();
                }
                writeRequests(seen, primaryIds, logs.resolve("requests.txt"));
            }
            assertThat(problems).isEmpty();
            assertThat(killedIds).as("tasks whose create landed and whose answer B never got").isNotEmpty();
            String outA = a.output();

            // A's run covers every record it loaded, the dead letters of the clients included (B started at tasks)
            assertThat(exitA).as("instance A's exit (1: records went to the dead letters); its output:\n" + outA)
                    .isEqualTo(1);
            assertThat(outA).containsPattern("Run \\d+ succeeded: ").doesNotContain("failed:");

            // both claimed and wrote work: B's recorded creates, and A's (B's unanswered ones among them)
            Set<String> createdByA = auditedCreates(f, APP_USER_A);
            Set<String> createdByB = auditedCreates(f, APP_USER_B);
            assertThat(createdByB).as("creates recorded by instance B").hasSizeGreaterThanOrEqualTo((int) bTasksAtKill[0]);
            assertThat(createdByA).as("creates recorded by instance A").isNotEmpty();

            // no record sent by both, except those of B's last batch, which B never recorded: the request it was
            // killed at and any other chunk of that batch it had sent
            Traffic traffic = Traffic.of(seen, primaryIds);
            Set<String> unrecordedByB = new TreeSet<>(traffic.sent(SIM_USER_B));
            unrecordedByB.removeAll(createdByB);
            assertThat(unrecordedByB).as("records B sent and never recorded").containsAll(killedIds);
            Set<String> sentByBoth = new TreeSet<>(traffic.sent(SIM_USER_A));
            sentByBoth.retainAll(traffic.sent(SIM_USER_B));
            assertThat(sentByBoth).as("records both instances sent").isEqualTo(unrecordedByB);
            // B's unrecorded creates that landed are B's in Dynamics; A found them there and recorded them as written
            Set<String> landedUnrecorded = new TreeSet<>(traffic.landed(SIM_USER_B));
            landedUnrecorded.removeAll(createdByB);
            assertThat(landedUnrecorded).as("B's creates that landed unrecorded").containsAll(killedIds);
            assertThat(createdByA).as("B's creates that landed unrecorded, recorded by A").containsAll(landedUnrecorded);

            // each record went out in one bulk create, but for B's unrecorded ones, which A sent once more; a record sent
            // again in a $batch is one whose bulk create that instance saw refused (the duplicates, the planted city)
            Map<String, Integer> expectedTwice = new TreeMap<>();
            for (String id : traffic.bulkSent(SIM_USER_B)) {
                if (unrecordedByB.contains(id)) {
                    expectedTwice.put(id, 2);
                }
            }
            assertThat(traffic.sentInSeveralBulkCreates()).as("records sent in more than one bulk create")
                    .isEqualTo(expectedTwice);
            for (String user : List.of(SIM_USER_A, SIM_USER_B)) {
                assertThat(traffic.refused(user)).as("records " + user + " sent in a $batch after its bulk create was refused")
                        .containsAll(traffic.batched(user));
            }

            String summary = "creates recorded per instance (app user: table=count): " + createsPerUser(f)
                    + "\ninstance B killed after it had recorded " + bTasksAtKill[0] + " task creates, at a task "
                    + "CreateMultiple of " + killedIds.size() + " records that landed unanswered; B sent "
                    + unrecordedByB.size() + " records it never recorded, " + landedUnrecorded.size()
                    + " of which had landed: A sent them all again and settled those as written";
            Files.writeString(logs.resolve("summary.txt"), summary);
            System.out.println(summary);

            ObjectNode state = (ObjectNode) JSON.readTree(f.sim.stateJson());
            String userA = systemUserId(state, SIM_USER_A);
            String userB = systemUserId(state, SIM_USER_B);
            assertThat(createdBy(state, userB)).as("records Dynamics says instance B created")
                    .isEqualTo(traffic.landed(SIM_USER_B));

            // the dead instance's run is not left 'running': the survivor marked it interrupted when it ended
            assertThat(runStatus(f, a.pid())).as("instance A's run").isEqualTo("succeeded");
            assertThat(runStatus(f, b.get().pid())).as("instance B's run").isEqualTo("interrupted");

            // B's user only differs from A's by who created or last modified a record: as one user, the org is the
            // clean run's
            removeSystemUser(state, userB);
            OrgState org = OrgState.of(JSON.writeValueAsString(state).replace(userB, userA));
            LoadOutcome outcome = LoadOutcome.of(f.ctx);
            SoftAssertions.assertSoftly(soft -> {
                soft.assertThat(org.differences(clean.org(), 20)).as("differences from the clean run's org").isEmpty();
                soft.assertThat(outcome.writtenTwice()).as("targets created or closed more than once").isEmpty();
                soft.assertThat(outcome.deadLetters()).as("open dead letters").isEqualTo(clean.outcome().deadLetters());
                soft.assertThat(outcome.loadStates()).as("load states").isEqualTo(clean.outcome().loadStates());
                soft.assertThat(outcome.idMap()).as("id map").isEqualTo(clean.outcome().idMap());
                soft.assertThat(outcome.audits()).as("audited writes").isEqualTo(clean.outcome().audits());
            });
        }
    }

    private static Map<String, String> settings(LoadFixture f, int workers) {
        Map<String, String> s = new LinkedHashMap<>(f.settings);
        s.put("migrator.load.workers", String.valueOf(workers));
        // a held answer must not run into the client's time-out and be sent again
        s.put("dataverse.client.response-timeout-ms", String.valueOf(2 * WAIT.toMillis()));
        return s;
    }

    /** Task creates the instance with application user {@code appUser} has recorded (its batches that committed). */
    private static long tasksRecordedBy(LoadFixture f, String appUser) {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("select count(*) "
                + "from audit_log where migration_id = ? and app_user = ? and target_table = 'task' and operation = 'create'")) {
            ps.setLong(1, f.ctx.migration().id());
            ps.setString(2, appUser);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> auditedCreates(LoadFixture f, String appUser) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("select target_id::text "
                + "from audit_log where migration_id = ? and app_user = ? and operation = 'create'")) {
            ps.setLong(1, f.ctx.migration().id());
            ps.setString(2, appUser);
            Set<String> out = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static String runStatus(LoadFixture f, long pid) throws Exception {
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select string_agg(kind || ' ' || status, ', ') from run where migration_id = ? and pid = ?")) {
            ps.setLong(1, f.ctx.migration().id());
            ps.setLong(2, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String runs = rs.getString(1);
                assertThat(runs).as("the runs of process " + pid).startsWith("full ");
                return runs.substring("full ".length());
            }
        }
    }

    /** The creates each instance's recorded batches made, per table, by the audit log's application user. */
    private static Map<String, Map<String, Long>> createsPerUser(LoadFixture f) throws Exception {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        try (Connection c = f.ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select app_user, target_table, count(*) from audit_log
                where migration_id = ? and operation = 'create' group by 1, 2
                """)) {
            ps.setLong(1, f.ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        return out;
    }

    /** The requests both instances sent, one line each with the ids they carried, for a look when the test fails. */
    private static void writeRequests(List<DataverseRequestLog> seen, Set<String> primaryIds, Path file) throws Exception {
        StringBuilder out = new StringBuilder();
        synchronized (seen) {
            for (DataverseRequestLog r : seen) {
                out.append(r.start()).append(' ').append(r.appUser()).append(' ').append(r.method()).append(' ')
                        .append(r.path()).append(' ').append(r.status()).append(' ').append(ids(r.body(), primaryIds))
                        .append('\n');
            }
        }
        Files.writeString(file, out);
    }

    /** The primary key columns of every table of the org ({@code contactid}, {@code activityid}, …). */
    private static Set<String> primaryIds(String stateJson) throws Exception {
        Set<String> out = new HashSet<>();
        JSON.readTree(stateJson).path("tables").forEach(t -> out.add(t.path("primaryId").asText()));
        return out;
    }

    /** The ids of the records a write request carried (bulk targets, $batch parts, single writes), by primary key. */
    private static Set<String> ids(String body, Set<String> primaryIds) {
        Set<String> out = new TreeSet<>();
        if (body == null) {
            return out;
        }
        Matcher m = ID_VALUE.matcher(body);
        while (m.find()) {
            if (primaryIds.contains(m.group(1))) {
                out.add(m.group(2).toLowerCase());
            }
        }
        return out;
    }




    private static String systemUserId(JsonNode state, String simUser) {
        for (JsonNode u : state.path("records").path("systemuser")) {
            if ((simUser + "@migration.invalid").equals(u.path("internalemailaddress").asText())) {
                return u.path("systemuserid").asText();
            }
        }
        throw new AssertionError("the org has no application user " + simUser);
    }

    private static void removeSystemUser(ObjectNode state, String id) {
        ArrayNode users = (ArrayNode) state.path("records").path("systemuser");
        for (int i = 0; i < users.size(); i++) {
            if (id.equals(users.get(i).path("systemuserid").asText())) {
                users.remove(i);
                return;
            }
        }
    }

    /** The ids of the records whose {@code createdby} is the user {@code userId}, over every table. */
    private static Set<String> createdBy(JsonNode state, String userId) {
        Set<String> out = new TreeSet<>();
        state.path("records").fields().forEachRemaining(table -> {
            String key = state.path("tables").path(table.getKey()).path("primaryId").asText();
            for (JsonNode row : table.getValue()) {
                if (row.path("createdby").toString().contains(userId)) {
                    out.add(row.path(key).asText().toLowerCase());
                }
            }
        });
        return out;
    }

    /** What each application user sent, by the simulator's log of the write requests and their bodies. */
    private static final class Traffic {

        private final Map<String, Set<String>> sent = new TreeMap<>();
        private final Map<String, Set<String>> bulkSent = new TreeMap<>();
        private final Map<String, Set<String>> landed = new TreeMap<>();
        private final Map<String, Set<String>> refused = new TreeMap<>();
        private final Map<String, Set<String>> batched = new TreeMap<>();
        private final Map<String, Integer> bulkCreates = new TreeMap<>();

        static Traffic of(List<DataverseRequestLog> seen, Set<String> primaryIds) {
            Traffic t = new Traffic();
            synchronized (seen) {
                for (DataverseRequestLog r : seen) {
                    // no application user: unauthenticated, or cut off before its body was read (the sender was
                    // killed while sending); either way it wrote nothing
                    if ("GET".equals(r.method()) || r.appUser() == null) {
                        continue;
                    }
                    Set<String> ids = ids(r.body(), primaryIds);
                    add(t.sent, r.appUser(), ids);
                    if (r.path().endsWith("/Microsoft.Dynamics.CRM.CreateMultiple")) {
                        add(t.bulkSent, r.appUser(), ids);
                        add(r.status() == 200 ? t.landed : t.refused, r.appUser(), ids);
                        ids.forEach(id -> t.bulkCreates.merge(id, 1, Integer::sum));
                    } else if (r.path().endsWith("/$batch")) {
                        add(t.batched, r.appUser(), ids);
                    }
                }
            }
            return t;
        }

        private static void add(Map<String, Set<String>> to, String user, Set<String> ids) {
            to.computeIfAbsent(user, k -> new TreeSet<>()).addAll(ids);
        }

        /** Ids in any write request of {@code user}. */
        Set<String> sent(String user) {
            return sent.getOrDefault(user, Set.of());
        }

        Set<String> bulkSent(String user) {
            return bulkSent.getOrDefault(user, Set.of());
        }

        /** Ids in the bulk creates of {@code user} that were answered 200 (all-or-nothing: each of them landed). */
        Set<String> landed(String user) {
            return landed.getOrDefault(user, Set.of());
        }

        Set<String> refused(String user) {
            return refused.getOrDefault(user, Set.of());
        }

        Set<String> batched(String user) {
            return batched.getOrDefault(user, Set.of());
        }

        /** Ids that went out in more than one bulk create, whoever sent them, with how many. */
        Map<String, Integer> sentInSeveralBulkCreates() {
            Map<String, Integer> out = new TreeMap<>(bulkCreates);
            out.values().removeIf(n -> n == 1);
            return out;
        }
    }
}
