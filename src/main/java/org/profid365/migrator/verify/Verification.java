package org.profid365.migrator.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.profid365.migrator.dataverse.DataverseConnection;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.load.ExpectedWrites;
import org.profid365.migrator.load.LoadContext;
import org.profid365.migrator.load.StagedItem;
import org.profid365.migrator.mapping.MappedRecord;
import org.profid365.migrator.mapping.MappingLoader;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.mapping.RuleEngine;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.verify.FieldComparison.Row;
import org.profid365.migrator.verify.FieldComparison.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code verify}: after a full run, checks that what the ledger says was written is in Dynamics as the mapping says.
 *
 * <ul>
 *   <li>Counts per object type (read from the source, staged, loaded, dead-lettered, still pending) and per table
 *       (written, present in Dynamics, missing, other records of the table);</li>
 *   <li>every record of every target table is read page by page ({@code $select} of the mapped columns only): its id
 *       goes to {@code verify_seen} in PostgreSQL, a migrated one (confirmed in id_map) is mapped again from its
 *       staged record and compared field by field ({@link FieldComparison}), and its lookups go to
 *       {@code verify_lookup};</li>
 *   <li>then SQL finds what no page showed: written records missing from Dynamics, lookups pointing at no record,
 *       owners that are not an enabled user or a team.</li>
 * </ul>
 * Memory holds one page and its staged records, whatever the size of the org: ids seen live in PostgreSQL, and
 * only the first {@code migrator.verify.max-listed} discrepancies are kept for the report (all are counted).
 * Dead letters are counted, not discrepancies: they were reported by the load and wait in {@code dead-letters}.
 */
public final class Verification {

    private static final Logger LOG = LoggerFactory.getLogger(Verification.class);
    private static final Set<String> WRITTEN = Set.of("coach", "company", "client", "enrollment", "payment", "invoice",
            "session", "note", "file");

    /** Records of one Profi object type, by what became of them. */
    public record TypeCounts(String objectType, boolean written, long source, long staged, long loaded, long deadLettered,
                             long pending, long deleted) {
    }

    /**
     * Records of one Dynamics table.
     *
     * @param written   confirmed in id_map
     * @param present   of those, read back from Dynamics
     * @param others    records of the table the migration did not write
     * @param unconfirmed writes in doubt (sent, never confirmed)
     */
    public record TableCounts(String table, long written, long present, long missing, long others, long unconfirmed) {
    }

    /** One thing that is not as it should be. */
    public record Discrepancy(String kind, String objectType, String profiId, String table, String targetId, String field,
                              String column, String expected, String actual, String detail) {
    }

    /** What a verification found. */
    public record Result(long runId, List<TypeCounts> types, List<TableCounts> tables, DiffSummary fields,
                         Map<String, Long> discrepanciesByKind, List<Discrepancy> listed, long lookupsChecked,
                         long ownersChecked) {

        public long discrepancies() {
            return discrepanciesByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final MigratorContext ctx;
    private final DataverseConnection dv;
    private final MappingLoader.LoadedMapping mapping;
    private final long migrationId;
    private final int pageSize;
    private final int documentPageSize;
    private final int maxListed;
    private final Map<String, Long> kinds = new LinkedHashMap<>();
    private final List<Discrepancy> listed = new ArrayList<>();

    public Verification(MigratorContext ctx, DataverseConnection dv, MappingLoader.LoadedMapping mapping) {
        this.ctx = ctx;
        this.dv = dv;
        this.mapping = mapping;
        this.migrationId = ctx.migration().id();
        this.pageSize = ctx.config().getInt("migrator.verify.page-size", 500);
        this.documentPageSize = ctx.config().getInt("migrator.verify.document-page-size", 10);
        this.maxListed = ctx.config().getInt("migrator.verify.max-listed", 1000);
        for (String k : List.of("missing", "field", "lookup", "owner", "not expected", "pending", "unconfirmed")) {
            kinds.put(k, 0L);
        }
    }

    /** Runs the verification as ledger run of kind {@code verify}. */
    public Result run() throws SQLException {
        long runId = ctx.ledger().start(migrationId, "verify", "mapping " + mapping.sha256());
        String status = "failed";
        Map<String, Object> counters = new LinkedHashMap<>();
        try (LoadContext load = LoadContext.open(ctx, dv, mapping); Connection c = ctx.store().connection()) {
            ExpectedWrites writes = new ExpectedWrites(load);
            TargetColumns columns = new TargetColumns(dv);
            FieldComparison comparison = new FieldComparison(mapping.mapping(), columns);
            ReadBack read = new ReadBack(dv, columns, comparison);
            DiffSummary summary = new DiffSummary();
            List<String> tables = targetTables();
            for (String table : tables) {
                int size = comparison.select(table).contains("documentbody") ? documentPageSize : pageSize;
                long n = read.pages(table, size, page -> {
                    try {
                        page(c, runId, table, page, writes, comparison, summary);
                    } catch (SQLException e) {
                        throw new IllegalStateException("verify: recording a page of " + table + " failed: " + e.getMessage(), e);
                    }
                });
                LOG.info("Verify: read {} records of {}", n, table);
            }
            seedReferenced(c, runId);
            missing(c, runId, tables);
            lookups(c, runId);
            owners(c, runId);
            List<TypeCounts> types = typeCounts(c);
            for (TypeCounts t : types) {
                if (t.written() && t.pending() > 0) {
                    discrepancy(new Discrepancy("pending", t.objectType(), "", "", "", "", "", "", "",
                            t.pending() + " staged " + t.objectType() + " record(s) are still pending: run migrate --full"));
                }
            }
            List<TableCounts> tableCounts = tableCounts(c, runId, tables);
            for (TableCounts t : tableCounts) {
                if (t.unconfirmed() > 0) {
                    discrepancy(new Discrepancy("unconfirmed", "", "", t.table(), "", "", "", "", "", t.unconfirmed()
                            + " write(s) of " + t.table() + " were sent but never confirmed: run migrate --full to settle them"));
                }
            }
            long lookupsChecked = count(c, "select count(*) from verify_lookup where run_id = ? and column_name <> 'ownerid'", runId);
            long ownersChecked = count(c, "select count(*) from verify_lookup where run_id = ? and column_name = 'ownerid'", runId);
            Result result = new Result(runId, types, tableCounts, summary, new LinkedHashMap<>(kinds), List.copyOf(listed),
                    lookupsChecked, ownersChecked);
            counters.put("discrepancies", result.discrepancies());
            counters.putAll(kinds);
            counters.put("records_compared", summary.records());
            counters.put("fields_mismatched", summary.total(Status.MISMATCH));
            counters.put("lookups_checked", lookupsChecked);
            counters.put("owners_checked", ownersChecked);
            status = "succeeded";
            return result;
        } finally {
            cleanUp(runId);
            ctx.ledger().finish(runId, status, counters);
        }
    }

    /** The tables the mapping writes, in load order. */
    private List<String> targetTables() {
        Set<String> out = new LinkedHashSet<>();
        for (ObjectMapping om : mapping.mapping().objects().values()) {
            out.addAll(om.targets().keySet());
        }
        return new ArrayList<>(out);
    }

    private void page(Connection c, long runId, String table, List<ObjectNode> page, ExpectedWrites writes,
                      FieldComparison comparison, DiffSummary summary) throws SQLException {
        String key = comparison.select(table).get(0);
        List<UUID> ids = new ArrayList<>(page.size());
        for (ObjectNode row : page) {
            ids.add(UUID.fromString(row.path(key).asText()));
        }
        insertSeen(c, runId, table, ids, null);
        Map<UUID, String[]> ours = idMap(c, table, ids);
        if (ours.isEmpty()) {
            return;
        }
        Map<String, Set<String>> byType = new LinkedHashMap<>();
        ours.values().forEach(o -> byType.computeIfAbsent(o[0], k -> new LinkedHashSet<>()).add(o[1]));
        List<StagedItem> items = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : byType.entrySet()) {
            items.addAll(writes.staged(c, ProfiObject.byTypeName(e.getKey()).orElseThrow(), e.getValue()));
        }
        ExpectedWrites.Batch batch = writes.of(c, items);
        Map<UUID, ExpectedWrites.Expected> byTarget = new HashMap<>();
        Map<String, ExpectedWrites.Expected> byKey = new HashMap<>();
        for (ExpectedWrites.Expected e : batch.records()) {
            byKey.put(e.item().key(), e);
            for (MappedRecord m : e.creates()) {
                byTarget.put(m.id(), e);
            }
        }
        List<Object[]> lookups = new ArrayList<>();
        for (ObjectNode row : page) {
            UUID id = UUID.fromString(row.path(key).asText());
            String[] source = ours.get(id);
            if (source == null) {
                continue;
            }
            ExpectedWrites.Expected e = byTarget.get(id);
            if (e == null) {
                ExpectedWrites.Expected other = byKey.get(source[0] + ":" + source[1]);
                String why = other == null ? "its staged record is gone"
                        : other.rejection() != null ? "the current mapping rejects it: " + other.rejection().reason()
                        : "the current mapping makes no " + table + " record with this id from it";
                discrepancy(new Discrepancy("not expected", source[0], source[1], table, id.toString(), "", "", "", "",
                        "written by the migration, but " + why));
                summary.record(table);
                continue;
            }
            MappedRecord m = e.creates().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
            List<RuleEngine.StateChange> states = e.stateChanges().stream().filter(s -> s.id().equals(id)).toList();
            boolean existedBefore = "false".equals(source[2]);
            for (Row r : comparison.compare(e.item().record(), batch.related(), m, states, row, existedBefore)) {
                summary.add(r);
                if (r.status() == Status.MISMATCH) {
                    discrepancy(new Discrepancy("field", r.objectType(), r.profiId(), r.table(), r.targetId(), r.field(),
                            r.column(), r.expected(), r.actual(), r.note()));
                }
            }
            summary.record(table);
            Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey();
                if (name.startsWith("_") && name.endsWith("_value") && f.getValue() != null && !f.getValue().isNull()) {
                    lookups.add(new Object[] {id, name.substring(1, name.length() - 6), UUID.fromString(f.getValue().asText())});
                }
            }
        }
        insertLookups(c, runId, table, lookups);
    }

    private Map<UUID, String[]> idMap(Connection c, String table, List<UUID> ids) throws SQLException {
        Map<UUID, String[]> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select target_id, object_type, profi_id, created_by_us from id_map
                where migration_id = ? and target_table = ? and target_id = any(?) and state = 'confirmed'
                """)) {
            ps.setLong(1, migrationId);
            ps.setString(2, table);
            ps.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), new String[] {rs.getString(2), rs.getString(3),
                            String.valueOf(rs.getBoolean(4))});
                }
            }
        }
        return out;
    }

    private static void insertSeen(Connection c, long runId, String table, List<UUID> ids, List<Boolean> disabled)
            throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into verify_seen (run_id, target_table, target_id, disabled)
                select ?, ?, t.id, t.disabled from unnest(?::uuid[], ?::boolean[]) as t(id, disabled)
                on conflict do nothing
                """)) {
            ps.setLong(1, runId);
            ps.setString(2, table);
            ps.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(4, c.createArrayOf("boolean", disabled == null ? new Boolean[ids.size()] : disabled.toArray()));
            ps.executeUpdate();
        }
    }

    private static void insertLookups(Connection c, long runId, String table, List<Object[]> lookups) throws SQLException {
        if (lookups.isEmpty()) {
            return;
        }
        UUID[] ids = new UUID[lookups.size()];
        String[] cols = new String[lookups.size()];
        UUID[] points = new UUID[lookups.size()];
        for (int i = 0; i < lookups.size(); i++) {
            ids[i] = (UUID) lookups.get(i)[0];
            cols[i] = (String) lookups.get(i)[1];
            points[i] = (UUID) lookups.get(i)[2];
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into verify_lookup (run_id, target_table, target_id, column_name, points_at)
                select ?, ?, t.id, t.col, t.points from unnest(?::uuid[], ?::text[], ?::uuid[]) as t(id, col, points)
                """)) {
            ps.setLong(1, runId);
            ps.setString(2, table);
            ps.setArray(3, c.createArrayOf("uuid", ids));
            ps.setArray(4, c.createArrayOf("text", cols));
            ps.setArray(5, c.createArrayOf("uuid", points));
            ps.executeUpdate();
        }
    }

    /** The records lookups may point at outside the target tables: users (with isdisabled), teams, currencies. */
    private void seedReferenced(Connection c, long runId) throws SQLException {
        seed(c, runId, "systemuser", "systemusers", "systemuserid", "isdisabled");
        seed(c, runId, "team", "teams", "teamid", null);
        seed(c, runId, "transactioncurrency", "transactioncurrencies", "transactioncurrencyid", null);
    }

    private void seed(Connection c, long runId, String table, String set, String key, String disabledColumn)
            throws SQLException {
        ODataQuery q = disabledColumn == null ? ODataQuery.from(set).select(key) : ODataQuery.from(set).select(key, disabledColumn);
        List<SQLException> failure = new ArrayList<>();
        dv.reader().forEachPage(q, page -> {
            List<UUID> ids = new ArrayList<>();
            List<Boolean> disabled = new ArrayList<>();
            for (ObjectNode row : page) {
                ids.add(UUID.fromString(row.path(key).asText()));
                disabled.add(disabledColumn == null ? null : row.path(disabledColumn).asBoolean(false));
            }
            try {
                insertSeen(c, runId, table, ids, disabled);
            } catch (SQLException e) {
                failure.add(e);
            }
        });
        if (!failure.isEmpty()) {
            throw failure.get(0);
        }
    }

    /** Written (confirmed) targets that no page showed. */
    private void missing(Connection c, long runId, List<String> tables) throws SQLException {
        String from = """
                from id_map m
                where m.migration_id = ? and m.state = 'confirmed' and m.target_table = any(?)
                  and not exists (select 1 from verify_seen s where s.run_id = ? and s.target_id = m.target_id
                                  and s.target_table = m.target_table)
                """;
        Object[] params = {migrationId, c.createArrayOf("text", tables.toArray()), runId};
        found(c, "missing", "select count(*) " + from, params,
                "select m.object_type, m.profi_id, m.target_table, m.target_id " + from
                        + " order by m.target_table, m.object_type, m.profi_id", params,
                rs -> new Discrepancy("missing", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), "", "",
                        "", "", "written by the migration (confirmed), but not in Dynamics"));
    }

    /** Lookups of migrated records that point at no record of the org. */
    private void lookups(Connection c, long runId) throws SQLException {
        String from = """
                from verify_lookup l
                left join id_map m on m.migration_id = ? and m.target_table = l.target_table and m.target_id = l.target_id
                where l.run_id = ? and l.column_name <> 'ownerid'
                  and not exists (select 1 from verify_seen s where s.run_id = l.run_id and s.target_id = l.points_at)
                """;
        Object[] params = {migrationId, runId};
        found(c, "lookup", "select count(*) " + from, params,
                "select m.object_type, m.profi_id, l.target_table, l.target_id, l.column_name, l.points_at " + from
                        + " order by l.target_table, l.target_id", params,
                rs -> new Discrepancy("lookup", str(rs, 1), str(rs, 2), rs.getString(3), rs.getString(4), "",
                        rs.getString(5), "", rs.getString(6), rs.getString(5) + " points at " + rs.getString(6)
                        + ", which is no record of the org"));
    }

    /** Owners of migrated records that are not an enabled user (or a team). */
    private void owners(Connection c, long runId) throws SQLException {
        String from = """
                from verify_lookup l
                left join verify_seen s on s.run_id = l.run_id and s.target_id = l.points_at
                                        and s.target_table in ('systemuser', 'team')
                left join id_map m on m.migration_id = ? and m.target_table = l.target_table and m.target_id = l.target_id
                where l.run_id = ? and l.column_name = 'ownerid' and (s.target_id is null or s.disabled is true)
                """;
        Object[] params = {migrationId, runId};
        found(c, "owner", "select count(*) " + from, params,
                "select m.object_type, m.profi_id, l.target_table, l.target_id, l.points_at, s.target_table " + from
                        + " order by l.target_table, l.target_id", params,
                rs -> new Discrepancy("owner", str(rs, 1), str(rs, 2), rs.getString(3), rs.getString(4), "", "ownerid",
                        "an enabled user", rs.getString(5), rs.getString(6) == null
                        ? "the owner " + rs.getString(5) + " is no user or team of the org"
                        : "the owner " + rs.getString(5) + " is a disabled user"));
    }

    private interface RowReader {
        Discrepancy read(ResultSet rs) throws SQLException;
    }

    /**
     * Counts the discrepancies a query finds and lists as many as the report keeps: never a whole result in memory,
     * however many there are.
     */
    private void found(Connection c, String kind, String countSql, Object[] countParams, String listSql,
                       Object[] listParams, RowReader reader) throws SQLException {
        long n;
        try (PreparedStatement ps = c.prepareStatement(countSql)) {
            for (int i = 0; i < countParams.length; i++) {
                ps.setObject(i + 1, countParams[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                n = rs.getLong(1);
            }
        }
        kinds.merge(kind, n, Long::sum);
        int room = maxListed - listed.size();
        if (n == 0 || room <= 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(listSql + " limit " + room)) {
            for (int i = 0; i < listParams.length; i++) {
                ps.setObject(i + 1, listParams[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    listed.add(reader.read(rs));
                }
            }
        }
    }

    private static String str(ResultSet rs, int column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? "" : s;
    }

    private List<TypeCounts> typeCounts(Connection c) throws SQLException {
        Map<String, long[]> staged = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select object_type, count(*), count(*) filter (where load_state = 'loaded'),
                       count(*) filter (where load_state = 'rejected'), count(*) filter (where load_state = 'pending'),
                       count(*) filter (where load_state = 'deleted')
                from staged_load where migration_id = ? group by 1
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    staged.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6)});
                }
            }
        }
        // rows of the export that were never staged: no id, or a second row with the same id
        Map<String, Long> unstaged = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select object_type, count(*) from dead_letter
                where migration_id = ? and stage = 'stage' and replay_state <> 'resolved'
                  and (profi_id is null or record_key <> profi_id)
                group by 1
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unstaged.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        List<TypeCounts> out = new ArrayList<>();
        for (ProfiObject o : ProfiObject.values()) {
            long[] s = staged.getOrDefault(o.typeName(), new long[5]);
            long u = unstaged.getOrDefault(o.typeName(), 0L);
            if (s[0] + u > 0) {
                out.add(new TypeCounts(o.typeName(), WRITTEN.contains(o.typeName()), s[0] + u, s[0], s[1], s[2] + u, s[3], s[4]));
            }
        }
        return out;
    }

    private List<TableCounts> tableCounts(Connection c, long runId, List<String> tables) throws SQLException {
        Map<String, long[]> m = new LinkedHashMap<>();
        tables.forEach(t -> m.put(t, new long[4]));
        try (PreparedStatement ps = c.prepareStatement("""
                select target_table, count(*) filter (where state = 'confirmed'), count(*) filter (where state = 'sent')
                from id_map where migration_id = ? group by 1
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = m.computeIfAbsent(rs.getString(1), k -> new long[4]);
                    v[0] = rs.getLong(2);
                    v[3] = rs.getLong(3);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select s.target_table, count(*), count(*) filter (where exists (
                           select 1 from id_map i where i.migration_id = ? and i.target_table = s.target_table
                             and i.target_id = s.target_id and i.state = 'confirmed'))
                from verify_seen s where s.run_id = ? and s.target_table = any(?) group by 1
                """)) {
            ps.setLong(1, migrationId);
            ps.setLong(2, runId);
            ps.setArray(3, c.createArrayOf("text", tables.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = m.computeIfAbsent(rs.getString(1), k -> new long[4]);
                    v[1] = rs.getLong(3);
                    v[2] = rs.getLong(2) - rs.getLong(3);
                }
            }
        }
        List<TableCounts> out = new ArrayList<>();
        m.forEach((t, v) -> out.add(new TableCounts(t, v[0], v[1], v[0] - v[1], v[2], v[3])));
        return out;
    }

    private void discrepancy(Discrepancy d) {
        kinds.merge(d.kind(), 1L, Long::sum);
        if (listed.size() < maxListed) {
            listed.add(d);
        }
    }

    private void cleanUp(long runId) {
        try (Connection c = ctx.store().connection()) {
            for (String table : List.of("verify_seen", "verify_lookup")) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where run_id = ?")) {
                    ps.setLong(1, runId);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            LOG.warn("verify: the scratch rows of run {} could not be deleted: {}", runId, e.getMessage());
        }
    }

    private static long count(Connection c, String sql, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
