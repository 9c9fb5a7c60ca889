package org.profid365.migrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.sim.dataverse.DataverseRequestLog;

/**
 * kill -9 of {@code migrate --full} (a JVM of its own) at chosen moments, then {@code migrate --full} again until it
 * ends: the simulated org ends exactly as after one uninterrupted run of the same export into another org with the
 * same namespace ({@link ReferenceRun}), and the state store says the same: nothing lost, nothing written twice.
 * The moments are taken from the simulator, which holds the answer of the request that triggers the kill, so the
 * write has landed in Dynamics and the killed process never learns it: the outcome is unknown to the next run.
 */
class CrashResumeTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    /** The killed and resumed processes' output, kept after the test for a look when it fails. */
    Path logs;

    @BeforeEach
    void logs(TestInfo test) throws Exception {
        logs = ChildMigrator.logDir(getClass(), test);
    }

    @Test
    void killed_when_its_first_write_landed_and_again_inside_a_batch_fallback_the_rerun_ends_as_a_clean_run()
            throws Exception {
        ReferenceRun clean = ReferenceRun.get();
        PlantedExport export = PlantedExport.get();
        export.mappingInto(tmp);
        try (LoadFixture f = LoadFixture.start(tmp, export.dir, ReferenceRun.options(), ReferenceRun.SETTINGS)) {
            // 1. the first bulk create (coach profiles) has landed; only its write-ahead (sent_create) is recorded
            killWhen(f, "1", r -> r.path().endsWith("/Microsoft.Dynamics.CRM.CreateMultiple") && r.status() == 200);
            assertThat(f.count("select coalesce(sum(cardinality(target_ids)), 0) from sent_create where migration_id = ?"))
                    .isPositive();
            assertThat(f.count("select count(*) from id_map where migration_id = ?")).isZero();
            assertThat(f.count("select count(*) from audit_log where migration_id = ?")).isZero();
            assertThat(OrgState.of(f.sim).counts()).containsKey("profi_coach");

            // 2. the contact with the over-long city sank its CreateMultiple chunk; the $batch that isolates it has
            // written the chunk's other contacts when the process dies
            AtomicBoolean bulkRefused = new AtomicBoolean();
            killWhen(f, "2", r -> {
                if (r.path().endsWith("/contacts/Microsoft.Dynamics.CRM.CreateMultiple") && r.status() == 400) {
                    bulkRefused.set(true);
                }
                return bulkRefused.get() && r.path().endsWith("/$batch") && r.status() == 200;
            });
            // the workers' claims interleave under SKIP LOCKED, so another worker may have taken a few of the stage's
            // clients into a batch of its own and recorded it first; the batch of the isolated chunk must not be
            assertThat(f.loadState("client", export.tooLongCity)).as("the isolated chunk's batch is not recorded")
                    .isEqualTo("pending");

            int exit = runToTheEnd(f, "3");

            assertThat(exit).isIn(0, 1);
            assertEndsAsTheCleanRun(f, clean);
        }
    }

    @Test
    void killed_mid_tasks_and_while_task_closes_are_in_flight_the_rerun_ends_as_a_clean_run() throws Exception {
        ReferenceRun clean = ReferenceRun.get();
        PlantedExport export = PlantedExport.get();
        export.mappingInto(tmp);
        try (LoadFixture f = LoadFixture.start(tmp, export.dir, ReferenceRun.options(), ReferenceRun.SETTINGS)) {
            // 1. mid tasks: some task batches are recorded, others are on their way
            ChildMigrator first = ChildMigrator.start(f.settings, logs.resolve("run-1.log"), "migrate", "--full");
            first.awaitWhileRunning("a recorded task batch", () -> f.count("select count(*) from staged_with_state "
                    + "where migration_id = ? and object_type = 'session' and load_state = 'loaded'") > 0, RUN_TIMEOUT);
            first.kill();

            // 2. a task close has landed (the task is read-only now) and its batch is not recorded
            killWhen(f, "2", r -> r.path().endsWith("/tasks/Microsoft.Dynamics.CRM.UpdateMultiple") && r.status() == 204);
            assertThat(OrgState.of(f.sim).closedTasks())
                    .as("tasks closed in Dynamics outnumber the closes recorded")
                    .hasSizeGreaterThan((int) f.count("select count(*) from audit_log where migration_id = ? and operation = 'state'"));

            int exit = runToTheEnd(f, "3");

            assertThat(exit).isIn(0, 1);
            assertEndsAsTheCleanRun(f, clean);
        }
    }

    /** Runs {@code migrate --full} and kills it (SIGKILL) before the answer of the first request {@code when} accepts. */
    private void killWhen(LoadFixture f, String name, Predicate<DataverseRequestLog> when) throws Exception {
        ChildMigrator child = ChildMigrator.start(f.settings, logs.resolve("run-" + name + ".log"), "migrate", "--full");
        AtomicBoolean killed = new AtomicBoolean();
        f.sim.beforeAnswer(r -> {
            if (!killed.get() && when.test(r) && killed.compareAndSet(false, true)) {
                child.kill();
            }
        });
        try {
            child.awaitWhileRunning("the moment of run " + name + " to kill it", killed::get, RUN_TIMEOUT);
        } finally {
            f.sim.beforeAnswer(null);
        }
    }

    private int runToTheEnd(LoadFixture f, String name) throws Exception {
        ChildMigrator child = ChildMigrator.start(f.settings, logs.resolve("run-" + name + ".log"), "migrate", "--full");
        int exit = child.exitCode(RUN_TIMEOUT);
        assertThat(child.output()).as("the resumed run").contains("Run ").doesNotContain("failed:");
        return exit;
    }

    private static void assertEndsAsTheCleanRun(LoadFixture f, ReferenceRun clean) throws Exception {
        OrgState org = OrgState.of(f.sim);
        LoadOutcome outcome = LoadOutcome.of(f.ctx);
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(org.differences(clean.org(), 20)).as("differences from the clean run's org").isEmpty();
            soft.assertThat(outcome.writtenTwice()).as("targets created or closed more than once").isEmpty();
            soft.assertThat(outcome.deadLetters()).as("open dead letters").isEqualTo(clean.outcome().deadLetters());
            soft.assertThat(outcome.loadStates()).as("load states").isEqualTo(clean.outcome().loadStates());
            soft.assertThat(outcome.idMap()).as("id map").isEqualTo(clean.outcome().idMap());
            soft.assertThat(outcome.audits()).as("audited writes").isEqualTo(clean.outcome().audits());
            // one 'create' per id_map row that landed, one 'state' per task that is closed in Dynamics
            soft.assertThat(f.count("select count(*) from audit_log where migration_id = ? and operation = 'create'"))
                    .isEqualTo(f.count("select count(*) from id_map where migration_id = ? and state = 'confirmed'"));
            soft.assertThat(f.count("select count(*) from audit_log where migration_id = ? and operation = 'state'"))
                    .isEqualTo(org.closedTasks().size());
        });
    }
}
