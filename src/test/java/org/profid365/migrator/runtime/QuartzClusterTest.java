package org.profid365.migrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.profid365.migrator.TestDatabase;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.store.StateStore;

/**
 * Two instances (two processes: Quartz keeps one scheduler per name and JVM) on one state database share a stateful
 * cron schedule: every firing runs on exactly one of them, and when one is killed the other takes its schedule over.
 */
class QuartzClusterTest {

    record Fire(String node, long scheduled) {
    }

    /** The other instance: a JVM that runs the tick route and prints each firing. Args: JDBC URL. */
    public static void main(String[] args) throws Exception {
        try (StateStore store = StateStore.open(MigratorConfig.of(Map.of("migrator.db.url", args[0],
                "migrator.db.user", "postgres")))) {
            DefaultCamelContext ctx = node("child", store, f -> {
                System.out.println("FIRE " + f.scheduled());
                System.out.flush();
            });
            ctx.start();
            System.out.println("STARTED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void each_firing_runs_on_exactly_one_instance_and_the_survivor_takes_over() throws Exception {
        String db = TestDatabase.newDatabaseUrl();
        List<Fire> fires = Collections.synchronizedList(new ArrayList<>());
        try (StateStore store = StateStore.open(MigratorConfig.of(Map.of("migrator.db.url", db, "migrator.db.user", "postgres")))) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), QuartzClusterTest.class.getName(), db)
                    .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("FIRE ")) {
                            fires.add(new Fire("child", Long.parseLong(line.substring(5))));
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the child was killed
                }
            });
            reader.start();
            DefaultCamelContext here = node("parent", store, fires::add);
            try {
                // the child alone first: it owns the schedule when the parent joins
                long until = System.currentTimeMillis() + 120_000; // a JVM start on a busy machine can take long
                while (fires.isEmpty() && System.currentTimeMillis() < until) {
                    Thread.sleep(100);
                }
                assertThat(fires).as("the child instance fired on its own").isNotEmpty();
                here.start();
                Thread.sleep(8_000);
                child.destroyForcibly().waitFor(); // kill -9: no clean shutdown, no check-out
                reader.join(5_000);
                int atKill = fires.size();
                Thread.sleep(15_000); // a dead node is taken over after a few missed check-ins (1 s apart here)

                List<Long> scheduled = fires.stream().map(Fire::scheduled).toList();
                assertThat(new HashSet<>(scheduled)).as("no firing ran twice: %s", fires).hasSameSizeAs(scheduled);
                assertThat(atKill).isGreaterThanOrEqualTo(4);
                assertThat(fires.subList(atKill, fires.size())).isNotEmpty().allMatch(f -> f.node().equals("parent"));
            } finally {
                here.stop();
                child.destroyForcibly();
            }
        }
    }

    private static DefaultCamelContext node(String name, StateStore store, java.util.function.Consumer<Fire> fired)
            throws Exception {
        DefaultCamelContext ctx = new DefaultCamelContext();
        ctx.getCamelContextExtension().setName("migrator"); // the same application on every node
        ctx.addComponent("quartz", QuartzCluster.component(store.dataSource(), name, 1000));
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("quartz:test/tick?cron=0/1+*+*+*+*+?&stateful=true").routeId("tick")
                        .process(e -> fired.accept(new Fire(name, e.getIn().getHeader("scheduledFireTime", Date.class).getTime())));
            }
        });
        return ctx;
    }
}
