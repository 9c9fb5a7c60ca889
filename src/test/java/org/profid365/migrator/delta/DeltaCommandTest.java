package org.profid365.migrator.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.cli.CliRun;
import org.profid365.migrator.pipeline.ZipFixtureAccess;
import org.profid365.migrator.sim.dataverse.DataverseSimOptions;

/**
 * The commands as an operator types them during a cutover window: {@code delta} (exit codes, the inbox) and
 * {@code cutover --close}, after which deltas stop.
 */
class DeltaCommandTest {

    @Test
    void delta_takes_the_inbox_and_cutover_close_ends_the_window(@TempDir Path tmp) throws Exception {
        Path march = DeltaExports.first(tmp.resolve("march"));
        Path april = DeltaExports.second(tmp.resolve("april"));
        try (DeltaFixture f = DeltaFixture.start(tmp, march.toString(), DataverseSimOptions.defaults())) {
            // an unapproved edit of the mapping: the delta stages April but writes nothing (exit 3)
            Path mapping = Path.of(f.settings.get("migrator.mapping.file"));
            String approved = Files.readString(mapping);
            Files.writeString(mapping, approved + "\n# edited after approval\n");
            int before = f.sim.requests().size();
            CliRun refused = CliRun.of(f.cli("delta", april.toString()));
            assertThat(refused.exit()).as(refused.err()).isEqualTo(3);
            assertThat(refused.err()).contains("preflight failed").contains("approv");
            assertThat(f.writesSince(before)).isEmpty();
            assertThat(f.count("select count(*) from watermark")).isZero();
            Files.writeString(mapping, approved);

            // April arrives in the inbox; delta with no source stages it (or lets the inbox route finish staging
            // it), moves it to inbox/.done and loads what is pending: the three records the refused run staged
            Path inbox = Files.createDirectories(tmp.resolve("work").resolve("inbox"));
            ZipFixtureAccess.zip(april, inbox.resolve("april.zip"));
            CliRun delta = CliRun.of(f.cli("delta"));
            assertThat(delta.exit()).as(delta.err()).isZero();
            assertThat(delta.out()).contains("succeeded").contains("pending:    3 records")
                    .contains("{create=1, state=4, update=3}");
            assertThat(inbox.resolve("april.zip")).doesNotExist();
            assertThat(Files.list(inbox.resolve(".done"))).singleElement()
                    .satisfies(p -> assertThat(p.getFileName().toString()).endsWith("-april.zip"));

            // cutover --close: a last delta (nothing new), the window's changes, verify (nothing amiss), deltas stop
            CliRun close = CliRun.of(f.cli("cutover", "--close", april.toString()));
            assertThat(close.exit()).as(close.err()).isZero();
            assertThat(close.out()).contains("Cutover window since").contains("delta")
                    .containsPattern("contact\\s+0\\s+1\\s+0\\s+0")
                    .containsPattern("lead\\s+1\\s+0\\s+0\\s+0")
                    .containsPattern("task\\s+0\\s+2\\s+2\\s+0")
                    .contains("Cutover: verify")
                    .contains("Cutover closed");
            assertThat(f.rows("select source || ' ' || name from watermark where source = 'cutover'"))
                    .containsExactly("cutover closed");

            CliRun after = CliRun.of(f.cli("delta", april.toString()));
            assertThat(after.exit()).isEqualTo(2);
            assertThat(after.err()).contains("No delta: the cutover was closed at");
        }
    }
}
