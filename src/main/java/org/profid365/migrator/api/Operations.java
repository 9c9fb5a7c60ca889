package org.profid365.migrator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.profid365.migrator.load.LoadProgress;
import org.profid365.migrator.load.LoadRoutes;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.store.RunLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations the API can start by name, and the one that runs now: one long operation at a time per process,
 * on a thread of its own. {@link #start} returns as soon as the operation has opened its run in the ledger.
 * Registering one more is one call of {@link #register} (see {@link StandardOperations}).
 */
public final class Operations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final int REMEMBERED = 50;

    /** A parameter an operation takes: its name, its type ({@code text}, {@code number} or {@code flag}), what it means. */
    public record Param(String name, String type, String description) {
        public static Param text(String name, String description) {
            return new Param(name, "text", description);
        }

        public static Param number(String name, String description) {
            return new Param(name, "number", description);
        }

        public static Param flag(String name, String description) {
            return new Param(name, "flag", description);
        }
    }

    /** A registered operation. */
    public record Spec(String name, String description, List<Param> params, Operation operation) {
    }

    /** One start of an operation in this process. */
    public static final class Execution {
        private final String name;
        private final Map<String, Object> params;
        private final Instant startedAt = Instant.now();
        private final OperationOutput output;
        private final CompletableFuture<Long> opened = new CompletableFuture<>();
        private volatile Long runId;
        private volatile String state = "starting";
        private volatile String error;
        private volatile Instant finishedAt;

        Execution(String name, Map<String, Object> params) {
            this.name = name;
            this.params = params;
            this.output = new OperationOutput(name);
        }

        public String name() {
            return name;
        }

        public Map<String, Object> params() {
            return params;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        public Long runId() {
            return runId;
        }

        /** starting (no run yet), running, succeeded or failed. */
        public String state() {
            return state;
        }

        public String error() {
            return error;
        }

        public boolean finished() {
            return finishedAt != null;
        }

        public List<String> output() {
            return output.lines();
        }

        private synchronized void runOpened(long id) {
            if (runId == null) {
                runId = id;
                state = "running";
                opened.complete(id);
            }
        }

        private synchronized void ended(long id, Throwable failure) {
            if (failure == null) {
                if (runId == null) {
                    runId = id;
                }
                state = "succeeded";
                opened.complete(runId);
            } else {
                state = "failed";
                error = failure instanceof ApiProblem p ? p.error() + ": " + p.detail() : String.valueOf(failure.getMessage());
                opened.completeExceptionally(failure);
            }
            finishedAt = Instant.now();
        }
    }

    /** What {@link #start} answers: the execution and its run (null when the run was not open within the wait). */
    public record Started(Execution execution, Long runId) {
    }

    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final MigratorContext ctx;
    private final Duration startWait;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "api-operation");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Execution> recent = new ArrayDeque<>();
    private volatile CamelRuntime camel;
    private Execution current;

    public Operations(MigratorContext ctx, Duration startWait) {
        this.ctx = ctx;
        this.startWait = startWait;
    }

    /** Makes an operation startable as {@code POST /api/operations/<name>}; the name is also what the console shows. */
    public synchronized Operations register(String name, String description, List<Param> params, Operation operation) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an operation name is lower-case letters, digits and '-': " + name);
        }
        if (specs.containsKey(name)) {
            throw new IllegalArgumentException("operation '" + name + "' is registered already");
        }
        specs.put(name, new Spec(name, description, List.copyOf(params), operation));
        return this;
    }

    public synchronized List<Spec> specs() {
        return List.copyOf(specs.values());
    }

    public synchronized boolean has(String name) {
        return specs.containsKey(name);
    }

    /** Hands over the started Camel runtime the operations run on. */
    public void attach(CamelRuntime runtime) {
        this.camel = runtime;
    }

    /**
     * Starts an operation on the operation thread; returns once its run is open (or the operation ended or
     * {@code migrator.api.start-wait-ms} passed). Throws 404 for an unknown name, 400 for bad parameters, 409 while
     * another operation runs, and whatever the operation threw before it opened its run.
     */
    public Started start(String name, ObjectNode body) throws Exception {
        Spec spec;
        synchronized (this) {
            spec = specs.get(name);
        }
        if (spec == null) {
            throw ApiProblem.notFound("no such operation", "'" + name + "' is not an operation of this service; operations: "
                    + specs().stream().map(Spec::name).toList());
        }
        OperationParams params = OperationParams.of(body, name, spec.params());
        CamelRuntime runtime = camel;
        if (runtime == null) {
            throw new ApiProblem(503, "starting", "the service is still starting; try again in a moment");
        }
        Execution exec = new Execution(name, params.asMap());
        synchronized (this) {
            if (current != null && !current.finished()) {
                throw ApiProblem.conflict("an operation is running", "'" + current.name + "'"
                        + (current.runId == null ? "" : " (run " + current.runId + ")") + " started at "
                        + current.startedAt + "; one long operation at a time: wait for it to finish");
            }
            LoadRoutes.Session load = runtime.loadRoutes().current();
            if (load != null) {
                throw ApiProblem.conflict("a load is running", "run " + load.runner().runId() + " is loading in this process");
            }
            current = exec;
            recent.addFirst(exec);
            while (recent.size() > REMEMBERED) {
                recent.removeLast();
            }
        }
        worker.submit(() -> execute(spec, params, exec, runtime));
        try {
            return new Started(exec, exec.opened.get(startWait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new Started(exec, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void execute(Spec spec, OperationParams params, Execution exec, CamelRuntime runtime) {
        try (OperationEnvironment env = new OperationEnvironment(ctx, runtime, exec.output.stream())) {
            long id = RunLedger.observingStarts(exec::runOpened, () -> spec.operation().run(env, params));
            exec.ended(id, null);
        } catch (Throwable e) {
            if (!(e instanceof ApiProblem)) {
                LOG.error("Operation {} failed", spec.name(), e);
            }
            Long id = exec.runId;
            if (id != null) {
                try {
                    ctx.ledger().failIfRunning(id, String.valueOf(e.getMessage()));
                } catch (Exception ledger) {
                    LOG.error("Run {} could not be marked failed in the ledger", id, ledger);
                }
            }
            exec.ended(0, e);
        }
    }

    /** The operation running now, if any. */
    public synchronized Optional<Execution> running() {
        return current != null && !current.finished() ? Optional.of(current) : Optional.empty();
    }

    /** The execution that opened this run, while this process remembers it (the last {@value #REMEMBERED}). */
    public synchronized Optional<Execution> byRun(long runId) {
        return recent.stream().filter(e -> e.runId != null && e.runId == runId).findFirst();
    }

    /** The live counters of a load run open in this process. */
    public Optional<LoadProgress> liveProgress(long runId) {
        CamelRuntime runtime = camel;
        if (runtime == null) {
            return Optional.empty();
        }
        LoadRoutes.Session s = runtime.loadRoutes().current();
        if (s == null) {
            return Optional.empty();
        }
        long open = s.runner().runId();
        // the ledger names the run before the runner has noted its id: the operation that opened it says whose it is
        boolean ours = open == runId || open == 0 && running().map(e -> e.runId != null && e.runId == runId).orElse(false);
        return ours ? Optional.of(s.runner().progress()) : Optional.empty();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
