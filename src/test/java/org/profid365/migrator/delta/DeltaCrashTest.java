package org.profid365.migrator.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * A delta whose process is killed (kill -9) in the middle: its run never closes, the watermark stays where it was,
 * and the next delta redoes the work idempotently, auditing the before-images read before the crash.
 */
class DeltaCrashTest {

    static final RecordIds IDS = new RecordIds(UUID.fromString(DeltaFixture.NAMESPACE));

    @Test
    void a_delta_killed_mid_run_leaves_the_watermark_and_the_next_delta_completes_the_work(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults(),
                "migrator.delta.deletions", "deactivate")) {
            UUID maria = IDS.of("client", "CL-1");
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "org.profid365.migrator.App"));
            command.addAll(List.of(f.cli("delta", april.toString())));
            Process child = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
            try {
                // once Maria's new email has landed, every later answer is slowed down and the child is killed in there
                waitFor(Duration.ofSeconds(120), () -> !child.isAlive() || DeltaExports.NEW_EMAIL.equals(email(f, maria)));
                f.sim.options().latencyMillis(3_000);
                assertThat(child.isAlive()).as("the child is still running the delta").isTrue();
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
                f.sim.options().latencyMillis(0);
            }
            List<String> killed = f.rows("select id || ' ' || status from run where kind = 'delta'");
            assertThat(killed).singleElement().satisfies(r -> assertThat(r).endsWith(" running"));
            assertThat(f.count("select count(*) from watermark")).isZero();

            DeltaRun redo = f.delta(april.toString());

            assertThat(redo.succeeded()).isTrue();
            assertThat(f.rows("select status from run where kind = 'delta' order by id")).containsExactly("interrupted", "succeeded");
            assertThat(f.rows("select target_id || ' ' || before_image::jsonb from audit_log where operation = 'update' order by 1"))
                    .containsExactlyInAnyOrder(
                            maria + " {\"emailaddress1\": \"maria@example.com\"}",
                            IDS.of("session", "SE-1") + " {\"subject\": \"Kick-off\"}",
                            IDS.of("session", "SE-1", "CL-2") + " {\"subject\": \"Kick-off\"}");
            assertThat(f.count("select count(*) from audit_log where operation = 'create' and target_id = '"
                    + IDS.of("client", "CL-4") + "'")).isEqualTo(1);
            assertThat(f.count("select count(*) from intended_write")).isZero();
            assertThat(f.rows("select object_type || ' ' || profi_id from staged_with_state where load_state <> 'loaded' "
                    + "and object_type in ('client', 'session', 'note') order by 1"))
                    .containsExactly("client CL-3", "note NO-2"); // deleted in Profi
            assertThat(f.rows("select name || ' ' || run_id from watermark")).containsExactly("last-export " + redo.runId());
            assertThat(email(f, maria)).isEqualTo(DeltaExports.NEW_EMAIL);
        }
    }

    private static String email(DeltaFixture f, UUID contact) {
        return f.dv.reader().retrieve("contacts", contact, "emailaddress1").orElseThrow().path("emailaddress1").asText();
    }

    private static void waitFor(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
