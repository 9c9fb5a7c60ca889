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
import org.profid365.migrator.api.ApiServer;
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
        return start(configure(ctx, extraBeans, false, false), ctx, false);
    }

    /** Starts Camel as {@code serve} runs it, management port included, without blocking the caller. */
    public static CamelRuntime startService(MigratorContext ctx) {
        return start(configureService(ctx), ctx, true);
    }

    private static CamelRuntime start(Main main, MigratorContext ctx, boolean service) {
        try {
            main.start();
        } catch (Exception e) {
            throw new ConfigurationException("The Camel routes could not start: " + rootMessage(e), e);
        }
        CamelRuntime rt = new CamelRuntime(main);
        try {
            rt.checkRoutes(ctx, service);
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        ApiServer.attach(rt);
        return rt;
    }

    /** Runs Camel in the foreground until the process is told to stop (SIGTERM, Ctrl-C). */
    public static void runUntilStopped(MigratorContext ctx) throws Exception {
        Main main = configureService(ctx);
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                CamelRuntime rt = new CamelRuntime((Main) m);
                rt.checkRoutes(ctx, true);
                ApiServer.attach(rt);
            }
        });
        main.run();
    }

    /** A Quartz cron that never comes: the delta route of a one-shot command, or of a service with no cron set. */
    static final String NEVER = "0 0 0 1 1 ? 2099";

    private static Main configure(MigratorContext ctx, Map<String, Object> extraBeans, boolean service, boolean withApi) {
        Main main = new Main();
        Properties props = ctx.config().asProperties();
        // only serve runs the delta on its cron: a one-shot command (migrate, stage, ...) must never start one
        String cron = ctx.config().get("migrator.delta.cron");
        props.setProperty("migrator.delta.cron", service && cron != null ? cron : NEVER);
        // The bundled routes are the fallback when no routes/ folder is next to the process
        String pattern = props.getProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        if (pattern.startsWith("file:routes/") && !Files.isDirectory(Path.of("routes"))) {
            pattern = "classpath:routes/*.camel.yaml";
            props.setProperty("camel.main.routes-include-pattern", pattern);
        }
        if (!withApi) {
            // the API's routes need serve's HTTP server: without it platform-http cannot start them
            String exclude = apiRoutesExcluded(pattern);
            String given = props.getProperty("camel.main.routes-exclude-pattern", "").strip();
            props.setProperty("camel.main.routes-exclude-pattern", given.isEmpty() ? exclude : given + "," + exclude);
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
        Main main = configure(ctx, Map.of(), true, ApiServer.enabled(ctx.config()));
        ManagementServer.configure(main, ctx);
        ApiServer.configure(main, ctx);
        // only a service runs schedules; with several instances on one database they share them (one fires each run)
        if (Boolean.parseBoolean(ctx.config().get("migrator.scheduler.clustered", "true"))) {
            main.bind("quartz", QuartzCluster.component(ctx.store().dataSource(),
                    ctx.config().get("migrator.scheduler.instance-id", "AUTO"),
                    ctx.config().getLong("migrator.scheduler.checkin-interval-ms", 7500)));
        }
        return main;
    }

    /**
     * Exclude patterns for {@code api.camel.yaml} in each folder the include pattern names: the file: form matches
     * {@code file:routes/api.camel.yaml}, a classpath resource only matches {@code **}{@code /api.camel.yaml}.
     */
    static String apiRoutesExcluded(String includePattern) {
        List<String> files = new ArrayList<>();
        for (String p : includePattern.split(",")) {
            String t = p.strip();
            int slash = t.lastIndexOf('/');
            if (t.startsWith("file:") && slash > 0) {
                files.add(t.substring(0, slash + 1) + "api.camel.yaml");
            }
        }
        files.add("**/api.camel.yaml");
        return String.join(",", files);
    }

    /** A YAML file whose top level is a mapping loads zero routes without a word in 4.18: fail loudly instead. */
    private void checkRoutes(MigratorContext ctx, boolean service) {
        String ids = ctx.config().get("migrator.routes.expected", "");
        if (service && ApiServer.enabled(ctx.config())) {
            ids = ids + "," + ctx.config().get("migrator.api.routes-expected", "");
        }
        List<String> expected = Arrays.stream(ids.split(","))
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
