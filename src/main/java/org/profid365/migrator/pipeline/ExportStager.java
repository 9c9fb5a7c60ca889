package org.profid365.migrator.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.profid365.migrator.profi.ExportManifest;
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
            ExportManifest m = reader.manifest();
            long exportId;
            try (Connection c = ctx.store().connection()) {
                exportId = org.profid365.migrator.store.StagingWriter.registerExport(c, ctx.migration().id(), runId,
                        source.toAbsolutePath().toString(), Files.isDirectory(source) ? "directory" : "zip",
                        m.workspaceId(), m.workspaceName(), m.exportedAt(), m.timezone().getId());
            }
            StagingSession session = new StagingSession(ctx.store().dataSource(), ctx.migration().id(), runId, exportId,
                    ctx.validator(m.timezone()), ctx.stagingBatchSize());
            // definitions first: they decide how the cf_* columns of the other files are checked
            reader.read(ProfiObject.CUSTOM_FIELD, session::accept);
            for (ProfiObject o : ProfiObject.values()) {
                if (o != ProfiObject.CUSTOM_FIELD) {
                    long n = reader.read(o, session::accept);
                    LOG.debug("Read {} records from {}", n, o.fileName());
                }
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
