package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.profid365.migrator.store.DeadLetter;
import org.profid365.migrator.store.DeadLetterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route {@code dead-letter}: a batch whose processing failed as a whole (an unexpected error in mapping,
 * writing or recording) is undone in the state store and each of its records goes to the dead letters with the
 * cause, so the run goes on and nothing is lost; {@code dead-letters replay} sends them again. Whatever was
 * already written to Dynamics is in id_map as {@code sent} and settles on the replay.
 */
public final class BatchFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFailures.class);

    private final long migrationId;
    private final LoadProgress progress;

    public BatchFailures(long migrationId, LoadProgress progress) {
        this.migrationId = migrationId;
        this.progress = progress;
    }

    public void deadLetter(LoadBatch batch, Exception cause)
            throws SQLException {
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        LOG.warn("{} failed as a whole; its records go to the dead letters: {}", batch, reason);
        LOG.debug("Batch failure", cause);
        Connection c = batch.connection();
        c.rollback();
        List<DeadLetter> letters = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (StagedItem item : batch.items()) {
            rows.add(item.rowId());
            letters.add(new DeadLetter(batch.stage().routeId(), item.record().object().typeName(), item.record().profiId(),
                    item.record().profiId(), item.record().sourceFile(), item.record().sourceLine(), null,
                    item.record().object().typeName() + " " + item.record().profiId() + " (" + item.record().location()
                            + "): its batch failed: " + reason, item.payload()));
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update staged_load set load_state = 'rejected' where staged_id = any(?) and load_state = 'pending'")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.toArray()));
            ps.executeUpdate();
        }
        DeadLetterStore.write(c, migrationId, batch.runId(), letters);
        c.commit();
        progress.unavailable(batch.size());
        progress.batchDone(batch.stage(), 0, batch.size());
    }
}
