package org.profid365.migrator.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.profid365.migrator.profi.ExportReader;
import org.profid365.migrator.profi.ProfiObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stages a whole Profi export (directory or .zip) under a 'stage' run of the ledger. */
public final class ExportStager {

    private static final Logger LOG = LoggerFactory.getLogger(ExportStager.class);
    private final MigratorContext ctx;

    public ExportStager(MigratorContext ctx) {
        this.ctx = ctx;
    }

    /** Called by the stage-export route with the path of the file that landed in the inbox. */
    public StagingResult stage(String source) throws SQLException {
        return stage(Path.of(source));
    }

    /** Stages an export directory or .zip. */
    public StagingResult stage(Path source) throws SQLException {
        long runId = ctx.ledger().start(ctx.migration().id(), "stage", source.toString());
        try (ExportReader reader = ExportReader.open(source)) {
            StagingSession session = ctx.openStagingSession(runId, source.toAbsolutePath().toString(),
                    Files.isDirectory(source) ? "directory" : "zip", reader.manifest());
            for (ProfiObject o : ProfiObject.stagingOrder()) {
                long n = reader.read(o, session::accept);
                LOG.debug("Read {} records from {}", n, o.fileName());
            }
            StagingResult result = session.finish();
            ctx.ledger().finish(runId, "succeeded", result.asCounters());
            LOG.info("Staged {}: {} records read, {} rejected (run {})", source, result.total(StagingResult.Counts::read),
                    result.rejected(), runId);
            return result;
        } catch (RuntimeException | SQLException e) {
            ctx.ledger().finish(runId, "failed", Map.of("error", String.valueOf(e.getMessage())));
            throw e;
        }
    }
}
