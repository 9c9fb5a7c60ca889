package org.profid365.migrator.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.delta.DeltaJob;
import org.profid365.migrator.load.LoadRoutes;
import org.profid365.migrator.pipeline.ExportStager;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.profi.ProfiApiPull;
import org.profid365.migrator.profi.ProfiApiRetryPolicy;

/**
 * Camel Main with the YAML routes and the beans they call. The CLI starts it to send work to the routes'
 * {@code direct:} endpoints; {@code serve} keeps it running until stopped.
 */
public final class CamelRuntime implements AutoCloseable {

    private final Main main;
    private final ProducerTemplate template;

    private CamelRuntime(Main main) {
        this.main = main;
        this.template = main.getCamelContext().createProducerTemplate();
    }

    /** Starts Camel with the routes loaded and checked; beans in {@code extraBeans} are bound beside ours. */
    public static CamelRuntime start(MigratorContext ctx, Map<String, Object> extraBeans) {
        return start(configure(ctx, extraBeans), ctx);
    }

    /** Starts Camel as {@code serve} runs it, management port included, without blocking the caller. */
    public static CamelRuntime startService(MigratorContext ctx) {
        return start(configureService(ctx), ctx);
    }

    private static CamelRuntime start(Main main, MigratorContext ctx) {
        try {
            main.start();
        } catch (Exception e) {
            throw new ConfigurationException("The Camel routes could not start: " + rootMessage(e), e);
        }
        CamelRuntime rt = new CamelRuntime(main);
        try {
            rt.checkRoutes(ctx);
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    /** Runs Camel in the foreground until the process is told to stop (SIGTERM, Ctrl-C). */
    public static void runUntilStopped(MigratorContext ctx) throws Exception {
        Main main = configureService(ctx);
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                new CamelRuntime((Main) m).checkRoutes(ctx);
            }
        });
        main.run();
    }

    /** A Quartz cron that never comes: the delta route of a one-shot command, or of a service with no cron set. */
    static final String NEVER = "0 0 0 1 1 ? 2099";

    private static Main configure(MigratorContext ctx, Map<String, Object> extraBeans) {
        return configure(ctx, extraBeans, false);
    }

    private static Main configure(MigratorContext ctx, Map<String, Object> extraBeans, boolean service) {
        Main main = new Main();
        Properties props = ctx.config().asProperties();
        // only serve runs the delta on its cron: a one-shot command (migrate, stage, ...) must never start one
        String cron = ctx.config().get("migrator.delta.cron");
        props.setProperty("migrator.delta.cron", service && cron != null ? cron : NEVER);
        // The bundled routes are the fallback when no routes/ folder is next to the process
        String pattern = props.getProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        if (pattern.startsWith("file:routes/") && !Files.isDirectory(Path.of("routes"))) {
            props.setProperty("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
        }
        // Our settings are the only source: no second application.properties lookup by Camel
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setInitialProperties(props);
        main.bind("exportStager", new ExportStager(ctx));
        main.bind("profiApiPull", new ProfiApiPull(ctx));
        main.bind("profiApiRetryPolicy", new ProfiApiRetryPolicy(
                java.time.Duration.ofSeconds(ctx.config().getLong("profi.api.give-up-after-seconds", 300)),
                ctx.config().getLong("profi.api.backoff-initial-ms", 500),
                ctx.config().getLong("profi.api.backoff-max-ms", 30_000)));
        // the load routes exist for the life of the process; a run plugs its session into this bean
        main.bind("load", new LoadRoutes());
        main.bind("rollback", new org.profid365.migrator.rollback.RollbackRoutes());
        main.bind("delta", new DeltaJob(ctx));
        extraBeans.forEach(main::bind);
        return main;
    }

    private static Main configureService(MigratorContext ctx) {
        Main main = configure(ctx, Map.of(), true);
        ManagementServer.configure(main, ctx);
        // only a service runs schedules; with several instances on one database they share them (one fires each run)
        if (Boolean.parseBoolean(ctx.config().get("migrator.scheduler.clustered", "true"))) {
            main.bind("quartz", QuartzCluster.component(ctx.store().dataSource(),
                    ctx.config().get("migrator.scheduler.instance-id", "AUTO"),
                    ctx.config().getLong("migrator.scheduler.checkin-interval-ms", 7500)));
        }
        return main;
    }

    /** A YAML file whose top level is a mapping loads zero routes without a word in 4.18: fail loudly instead. */
    private void checkRoutes(MigratorContext ctx) {
        List<String> expected = Arrays.stream(ctx.config().get("migrator.routes.expected", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<String> loaded = new ArrayList<>();
        for (Route r : context().getRoutes()) {
            loaded.add(r.getRouteId());
        }
        List<String> missing = expected.stream().filter(id -> !loaded.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationException("Routes " + missing + " did not load from "
                    + context().getPropertiesComponent().resolveProperty("camel.main.routes-include-pattern").orElse("?")
                    + " (loaded: " + loaded + "). Check that each routes/*.camel.yaml file is a YAML list.");
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** The bean the load routes call; a load run opens its session here. */
    public LoadRoutes loadRoutes() {
        return context().getRegistry().lookupByNameAndType("load", LoadRoutes.class);
    }

    public ProducerTemplate template() {
        return template;
    }

    @Override
    public void close() {
        try {
            template.close();
            main.stop();
        } catch (Exception ignored) {
            // stopping: nothing left to save
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
