package org.profid365.migrator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.profid365.migrator.cli.CliRun;

/** The bench command runs end to end on a tiny export and prints its figures; their values are never asserted. */
class BenchCommandTest {

    @Test
    void bench_prints_the_figures_of_the_warm_up_the_measured_and_the_naive_loads(@TempDir Path tmp) {
        CliRun run = CliRun.of("-Dmigrator.load.batch-size=40", "-Ddataverse.client.bulk-size=25", "bench",
                "--dir", tmp.toString(), "--clients", "15", "--scenario", "e2e,naive", "--warm-up", "1", "--measure", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        // the collector changes the JVM's CPU per record by 17 % (docs/benchmarks.md), so the machine line names it
        assertThat(run.out().lines().filter(l -> l.startsWith("Machine: "))).singleElement().asString()
                .endsWith(", collectors " + Machine.collectors()).containsPattern("max heap \\d+ MB");
        // the host's speed differs from day to day: the same reference work is timed before the first load and after the last
        assertThat(run.out().lines().filter(l -> l.startsWith("Reference work ")))
                .extracting(l -> l.replaceAll("\\d+ ms", "N ms"))
                .containsExactly("Reference work before the loads: hashing 64 MiB N ms, 8 million random reads in 4 MiB N ms",
                        "Reference work after the loads: hashing 64 MiB N ms, 8 million random reads in 4 MiB N ms");
        assertThat(run.out()).contains("RESULT staging: ", "RESULT load: ", "RESULT cpu: ", "RESULT audit: ",
                "RESULT naive: bulk ");
        assertThat(run.out().lines().filter(l -> l.startsWith("== "))).extracting(l -> l.substring(0, l.indexOf(':')))
                .containsExactly("== warm-up 1 of 1", "== e2e (measured 1 of 2)", "== e2e (measured 2 of 2)", "== naive");
        assertThat(run.out().lines().filter(l -> l.startsWith("RESULT load: "))).hasSize(4)
                .allSatisfy(l -> assertThat(l).contains(" landed, "));
        assertThat(run.out().lines().filter(l -> l.startsWith("RESULT cpu: "))).hasSize(4)
                .allSatisfy(l -> assertThat(l).containsPattern("; \\d+ µs of CPU per record$"));
        assertThat(run.out().lines().filter(l -> l.startsWith("RESULT e2e over ")))
                .singleElement().asString()
                .matches("RESULT e2e over 2 measured loads: [\\d,]+ / [\\d,]+ records/s, mean [\\d,]+, median [\\d,]+; "
                        + "CPU per record \\d+ / \\d+ µs, mean \\d+, median \\d+");
    }
}
