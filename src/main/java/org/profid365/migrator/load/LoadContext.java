package org.profid365.migrator.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.ODataLiteral;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.dataverse.TableRef;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.mapping.OwnerResolver;
import org.profid365.migrator.mapping.RecordIds;
import org.profid365.migrator.mapping.RecordMapper;
import org.profid365.migrator.mapping.RelatedRecords;
import org.profid365.migrator.mapping.RuleContext;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * What every batch of a load run shares, read once when the run starts: the approved mapping, the target tables'
 * entity sets and keys, resolved owners, currencies, where each client went (contact or lead), the export's time
 * zone and the exported files. Building a batch's mapper from it costs nothing.
 */
public final class LoadContext implements AutoCloseable {

    private final MigratorContext ctx;
    private final DataverseConnection dv;
    private final MappingLoader.LoadedMapping mapping;
    private final RecordIds ids;
    private final Map<String, TableRef> tables;
    private final Map<String, UUID> owners;
    private final Map<String, UUID> enabledUsers;
    private final UUID fallbackOwner;
    private final Map<String, UUID> currencies;
    private final ZoneId zone;
    private final ClientTables clientTables;
    private final ExportFiles files;
    private final long orgAttachmentLimit;
    private final StagedRecords staged;
    /** "type:profiId" → the pre-existing Dynamics record it was matched to; re-read when a stage starts. */
    private volatile Map<String, UUID> matches = Map.of();

    private LoadContext(MigratorContext ctx, DataverseConnection dv, MappingLoader.LoadedMapping mapping,
                        Map<String, TableRef> tables, Map<String, UUID> owners, Map<String, UUID> enabledUsers,
                        UUID fallbackOwner, Map<String, UUID> currencies, ZoneId zone, ClientTables clientTables) {
        this.ctx = ctx;
        this.dv = dv;
        this.mapping = mapping;
        this.ids = new RecordIds(ctx.migration().namespace()).withMatches((type, id) -> matches.get(type + ":" + id));
        this.tables = tables;
        this.owners = owners;
        this.enabledUsers = enabledUsers;
        this.fallbackOwner = fallbackOwner;
        this.currencies = currencies;
        this.zone = zone;
        this.clientTables = clientTables;
        this.files = new ExportFiles(ctx.store().dataSource());
        this.orgAttachmentLimit = ctx.config().getLong("dataverse.attachment-max-bytes", RuleContext.DEFAULT_ORG_ATTACHMENT_LIMIT);
        this.staged = new StagedRecords(ctx.migration().id());
    }

    /** Reads everything a run needs from the state store and the org; the mapping must already be approved. */
    public static LoadContext open(MigratorContext ctx, DataverseConnection dv, MappingLoader.LoadedMapping mapping)
            throws SQLException {
        MappingFile m = mapping.mapping();
        Set<String> tableNames = new LinkedHashSet<>();
        for (ObjectMapping om : m.objects().values()) {
            tableNames.addAll(om.targets().keySet());
        }
        tableNames.add("task");
        tableNames.add("annotation");
        Map<String, TableRef> tables = new HashMap<>();
        for (String t : tableNames) {
            tables.put(t, dv.metadata().tableRef(t));
        }
        Map<String, UUID> owners = new HashMap<>();
        Map<String, UUID> enabled = new HashMap<>();
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select email, status, systemuser_id, resolved_to from owner_resolution where migration_id = ?")) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID to = rs.getObject(4, UUID.class);
                    if (to != null) {
                        owners.put(rs.getString(1), to);
                    }
                    if ("matched".equals(rs.getString(2))) {
                        enabled.put(rs.getString(1), rs.getObject(3, UUID.class));
                    }
                }
            }
        }
        UUID fallback = fallbackOwner(ctx, dv);
        Map<String, UUID> currencies = new HashMap<>();
        dv.reader().forEach(ODataQuery.from("transactioncurrencies").select("transactioncurrencyid", "isocurrencycode"),
                row -> currencies.put(row.path("isocurrencycode").asText().toUpperCase(Locale.ROOT),
                        UUID.fromString(row.path("transactioncurrencyid").asText())));
        StagedRecords staged = new StagedRecords(ctx.migration().id());
        ClientTables clients;
        try (Connection c = ctx.store().connection()) {
            clients = ClientTables.read(c, ctx.migration().id(), m.objects().get("client"), staged);
        }
        return new LoadContext(ctx, dv, mapping, tables, owners, enabled, fallback, currencies, exportZone(ctx), clients);
    }

    /** The enabled user the fallback email names (owner of records whose own owner is empty); null when none. */
    private static UUID fallbackOwner(MigratorContext ctx, DataverseConnection dv) {
        String email = ctx.config().get("migrator.owners.fallback", "");
        if (email.isBlank()) {
            return null;
        }
        Optional<ObjectNode> user = dv.reader().findFirst(ODataQuery.from("systemusers")
                .select("systemuserid", "isdisabled")
                .filter("internalemailaddress eq " + ODataLiteral.string(OwnerResolver.normalise(email))));
        return user.filter(u -> !u.path("isdisabled").asBoolean(false))
                .map(u -> UUID.fromString(u.path("systemuserid").asText())).orElse(null);
    }

    /** The time zone of the newest export: the zone of offset-less Profi timestamps. */
    private static ZoneId exportZone(MigratorContext ctx) throws SQLException {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select timezone from source_export where migration_id = ? and timezone is not null order by id desc limit 1")) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigurationException("Nothing is staged yet: stage a Profi export first");
                }
                return ZoneId.of(rs.getString(1));
            }
        }
    }

    /**
     * Re-reads which Profi records were matched to pre-existing Dynamics records, so the stages after the one that
     * matched them bind their lookups to the existing ids.
     */
    void refreshMatches() throws SQLException {
        Map<String, UUID> m = new HashMap<>();
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement("""
                select object_type, profi_id, target_id from id_map
                where migration_id = ? and not created_by_us and state in ('sent', 'confirmed')
                """)) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1) + ":" + rs.getString(2), rs.getObject(3, UUID.class));
                }
            }
        }
        matches = m;
    }

    /** The match rule of an object on a table (columns that identify an existing record), or null. */
    ObjectMapping.MatchRule matchRule(String objectType, String table) {
        ObjectMapping om = mapping.mapping().objects().get(objectType);
        return om == null ? null : om.match().get(table);
    }

    /** A mapper with this run's owners, currencies and client tables. */
    RecordMapper mapper() {
        return new RecordMapper(mapping.mapping(), ids, this::entitySet, this::owner,
                iso -> Optional.ofNullable(currencies.get(iso.toUpperCase(Locale.ROOT))), zone, clientTables::tableOf);
    }

    /** The rule context of one batch, over the related records that batch fetched. */
    RuleContext ruleContext(RecordMapper mapper, RelatedRecords related, StagedItemFiles itemFiles) {
        return new RuleContext(mapping.mapping(), mapper, ids, this::entitySet, zone, related, itemFiles::bytes,
                orgAttachmentLimit);
    }

    private Optional<UUID> owner(String email) {
        if (email == null || email.isBlank()) {
            return Optional.ofNullable(fallbackOwner);
        }
        return Optional.ofNullable(owners.get(OwnerResolver.normalise(email)));
    }

    Optional<UUID> enabledUser(String email) {
        return Optional.ofNullable(enabledUsers.get(OwnerResolver.normalise(email)));
    }

    String entitySet(String table) {
        TableRef t = tables.get(table);
        return t == null ? null : t.entitySetName();
    }

    TableRef table(String logicalName) {
        TableRef t = tables.get(logicalName);
        if (t == null) {
            throw new IllegalStateException("table " + logicalName + " is not a target of the mapping");
        }
        return t;
    }

    /** A byte reader for files of one batch: each file record's bytes come from the export that last changed it. */
    interface StagedItemFiles {
        byte[] bytes(String path);
    }

    ExportFiles files() {
        return files;
    }

    public MigratorContext migrator() {
        return ctx;
    }

    public DataverseConnection dataverse() {
        return dv;
    }

    public MappingLoader.LoadedMapping mapping() {
        return mapping;
    }

    RecordIds ids() {
        return ids;
    }

    ClientTables clientTables() {
        return clientTables;
    }

    StagedRecords staged() {
        return staged;
    }

    ZoneId zone() {
        return zone;
    }

    @Override
    public void close() {
        files.close();
    }
}
