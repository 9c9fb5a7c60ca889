package org.profid365.migrator.api;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.Preflight;
import org.profid365.migrator.runtime.CamelRuntime;
import org.profid365.migrator.schema.Edition;

/**
 * What an operation started by the API works with: the service's context and Camel, a Dataverse connection opened
 * on first use (closed when the operation ends), the mapping file as it is now, the preflight, and an output for the
 * lines the CLI would print.
 */
public final class OperationEnvironment implements AutoCloseable {

    private final MigratorContext ctx;
    private final CamelRuntime camel;
    private final PrintStream out;
    private DataverseConnection dataverse;

    OperationEnvironment(MigratorContext ctx, CamelRuntime camel, PrintStream out) {
        this.ctx = ctx;
        this.camel = camel;
        this.out = out;
    }

    public MigratorContext context() {
        return ctx;
    }

    public MigratorConfig config() {
        return ctx.config();
    }

    public CamelRuntime camel() {
        return camel;
    }

    /** Lines a person would read: they go to the log and to the run's output in the API. */
    public PrintStream out() {
        return out;
    }

    /** {@code <work-dir>/reports}, which {@code GET /api/reports} serves. */
    public Path reportsDir() {
        return ctx.config().workDir().resolve("reports");
    }

    /** Opens a run of {@code kind} in the ledger, for an operation that is not a load (a load opens its own). */
    public long openRun(String kind, String detail) throws java.sql.SQLException {
        return ctx.ledger().start(ctx.migration().id(), kind, detail);
    }

    /** Closes a run opened with {@link #openRun} as succeeded with its counters (a failure is closed by the API). */
    public void succeeded(long runId, java.util.Map<String, ?> counters) throws java.sql.SQLException {
        ctx.ledger().finish(runId, "succeeded", counters);
    }

    public boolean dataverseConfigured() {
        return ctx.config().get("dataverse.url") != null;
    }

    /** The Dataverse connection, opened and started (WhoAmI) on first use. */
    public DataverseConnection dataverse() {
        if (dataverse == null) {
            if (!dataverseConfigured()) {
                throw ApiProblem.conflict("Dataverse not configured", "set dataverse.url (DATAVERSE_URL) and its credentials");
            }
            DataverseConnection dv = DataverseConnection.open(camel.context(), ctx.config());
            try {
                dv.startUp();
            } catch (RuntimeException e) {
                dv.close();
                throw new ApiProblem(502, "Dataverse not reachable", String.valueOf(e.getMessage()));
            }
            dataverse = dv;
        }
        return dataverse;
    }

    /** The mapping file (migrator.mapping.file) as it is now. */
    public MappingLoader.LoadedMapping mapping() {
        Path file = mappingFile(ctx.config());
        if (!Files.exists(file)) {
            throw ApiProblem.conflict("no mapping file", file + " does not exist: start propose-map, review the file, then approve it");
        }
        return MappingLoader.load(file);
    }

    /**
     * The approved mapping after the preflight every writing operation runs (approval, schema, currencies, owners);
     * every failure is listed in the 409's detail and nothing is written.
     */
    public MappingLoader.LoadedMapping preflightedMapping() throws Exception {
        MappingLoader.LoadedMapping mapping = mapping();
        Preflight.Result r = Preflight.check(ctx, dataverse(), mapping,
                Edition.parse(ctx.config().get("dataverse.edition", "sales-professional")));
        if (!r.ok()) {
            throw ApiProblem.conflict("preflight failed", r.failures().size() + " problem(s), nothing was written: "
                    + String.join("; ", r.failures()));
        }
        return mapping;
    }

    static Path mappingFile(MigratorConfig config) {
        return Path.of(config.get("migrator.mapping.file", "mapping/mapping.yaml"));
    }

    @Override
    public void close() {
        if (dataverse != null) {
            dataverse.close();
        }
    }
}
