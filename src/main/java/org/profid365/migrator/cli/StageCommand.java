package org.profid365.migrator.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.Exchange;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.pipeline.StagingResult;
import org.profid365.migrator.profi.ProfiApiPull;
import org.profid365.migrator.runtime.CamelRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Stages one Profi source (export directory, .zip or API) through the same routes the service uses. */
@Command(name = "stage", description = "Read a Profi export (directory or .zip) or the Profi API into the state store.")
final class StageCommand implements Callable<Integer> {

    @ParentCommand
    MigratorCommand parent;

    @Parameters(arity = "0..1", paramLabel = "SOURCE", description = "Directory, .zip or http(s) URL (default: PROFI_SOURCE).")
    String source;

    @Option(names = "--updated-since", paramLabel = "INSTANT", description = "API only: records changed since (ISO-8601).")
    String updatedSince;

    @Override
    public Integer call() throws Exception {
        MigratorConfig config = parent.config();
        String src = source != null ? source : config.get("profi.source");
        if (src == null) {
            throw new ConfigurationException("Name the Profi source: stage SOURCE, or set PROFI_SOURCE");
        }
        try (MigratorContext ctx = MigratorContext.open(config); CamelRuntime camel = CamelRuntime.start(ctx, Map.of())) {
            StagingResult r = stage(camel, src, updatedSince);
            StagingPrinter.print(System.out, src, r);
            return r.rejected() > 0 ? ExitCodes.REJECTED_RECORDS : ExitCodes.OK;
        }
    }

    /** Sends the source to the route that stages it: the API pull for URLs, the export stager otherwise. */
    static StagingResult stage(CamelRuntime camel, String src, String updatedSince) {
        if (src.startsWith("http://") || src.startsWith("https://")) {
            Exchange ex = camel.template().request("direct:profi-api-pull", e -> {
                e.getIn().setHeader(ProfiApiPull.SOURCE_HEADER, src);
                if (updatedSince != null) {
                    e.getIn().setHeader(ProfiApiPull.UPDATED_SINCE_HEADER, updatedSince);
                }
            });
            if (ex.getException() != null) {
                ProfiApiPull.State s = ex.getProperty(ProfiApiPull.STATE, ProfiApiPull.State.class);
                throw new ConfigurationException("Pulling the Profi API failed: " + ProfiApiPull.describe(ex.getException(), s),
                        ex.getException());
            }
            return ex.getMessage().getBody(StagingResult.class);
        }
        if (updatedSince != null) {
            throw new ConfigurationException("--updated-since applies to the Profi API only; an export is compared by content hash");
        }
        Exchange ex = camel.template().request("direct:stage-export",
                e -> e.getIn().setHeader("CamelFileAbsolutePath", java.nio.file.Path.of(src).toAbsolutePath().toString()));
        if (ex.getException() != null) {
            Throwable t = ex.getException();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(t.getMessage(), t);
        }
        return ex.getMessage().getBody(StagingResult.class);
    }
}
