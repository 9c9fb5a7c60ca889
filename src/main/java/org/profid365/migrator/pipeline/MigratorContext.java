package org.profid365.migrator.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.config.MigratorConfig;
import org.profid365.migrator.profi.ExportManifest;
import org.profid365.migrator.profi.RecordValidator;
import org.profid365.migrator.store.Migrations;
import org.profid365.migrator.store.Migrations.Migration;
import org.profid365.migrator.store.RunLedger;
import org.profid365.migrator.store.StagingWriter;
import org.profid365.migrator.store.StateStore;

/** What every pipeline step needs: the settings, the state store, the current migration and its ledger. */
public final class MigratorContext implements AutoCloseable {

    private final MigratorConfig config;
    private final StateStore store;
    private final Migration migration;
    private final RunLedger ledger;

    private MigratorContext(MigratorConfig config, StateStore store, Migration migration) {
        this.config = config;
        this.store = store;
        this.migration = migration;
        this.ledger = new RunLedger(store.dataSource());
    }

    /** Opens the state store (starting the embedded server if needed) and the configured migration. */
    public static MigratorContext open(MigratorConfig config) {
        StateStore store = StateStore.open(config);
        try {
            String ns = config.get("migrator.migration.namespace", "").strip();
            Migration m = Migrations.ensure(store.dataSource(), config.get("migrator.migration.name", "default"),
                    ns.isEmpty() ? null : java.util.UUID.fromString(ns));
            return new MigratorContext(config, store, m);
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw new ConfigurationException("The state store is not usable: " + e.getMessage(), e);
        }
    }

    public MigratorConfig config() {
        return config;
    }

    public StateStore store() {
        return store;
    }

    public Migration migration() {
        return migration;
    }

    public RunLedger ledger() {
        return ledger;
    }

    /** A validator for an export written in the given time zone, with the configured date range. */
    public RecordValidator validator(ZoneId zone) {
        return new RecordValidator(zone, date("profi.validation.date-min", "1900-01-01"),
                date("profi.validation.date-max", "2100-12-31"));
    }

    /** Registers one export (or API pull) of a 'stage' run and opens the session that stages its records. */
    public StagingSession openStagingSession(long runId, String source, String kind, ExportManifest m) throws SQLException {
        return openStagingSession(runId, source, kind, m, null);
    }

    /**
     * As above, for an API pull asked only for what changed since {@code updatedSince} (null: every record, so the
     * records it lacks were deleted in Profi).
     */
    public StagingSession openStagingSession(long runId, String source, String kind, ExportManifest m, String updatedSince)
            throws SQLException {
        long exportId;
        try (Connection c = store.connection()) {
            exportId = StagingWriter.registerExport(c, migration.id(), runId, source, kind, m.workspaceId(), m.workspaceName(),
                    m.exportedAt(), m.timezone().getId());
            if (updatedSince != null) {
                StagingWriter.markPartial(c, exportId, updatedSince);
            }
        }
        return new StagingSession(store.dataSource(), migration.id(), runId, exportId, validator(m.timezone()),
                stagingBatchSize());
    }

    public int stagingBatchSize() {
        return config.getInt("migrator.staging.batch-size", 1000);
    }

    private LocalDate date(String key, String fallback) {
        String v = config.get(key, fallback);
        try {
            return LocalDate.parse(v);
        } catch (RuntimeException e) {
            throw new ConfigurationException("Setting " + key + " must be a date (YYYY-MM-DD), not '" + v + "'");
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
