package org.profid365.migrator.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientPackage;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientSession;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;
import org.profid365.migrator.profi.ProfiTimestamps;

/**
 * The load's reads of the staging table: claiming pending records, and fetching the related records a batch's rules
 * need with one query per kind (never one per record). All statements are parameterised.
 */
final class StagedRecords {

    /** A related staged record and whether it can be pointed at ({@code rejected} ones cannot). */
    record Related(ProfiRecord record, String loadState) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    /*
     * FOR UPDATE SKIP LOCKED: the claimed records' staged_load rows stay locked by this batch's transaction until its
     * outcome is recorded, so workers (and other instances on the same database) never take the same record; if the
     * process dies the connection drops, the locks go, and another worker takes the records again. Only the narrow
     * state rows are locked, not the staged rows with their payload. One object type at a time: the partial index
     * staged_load_pending is ordered by (type, id), so the claim reads the next rows off the index instead of sorting
     * every pending row of the stage's types on every claim.
     *
     * The claimed records are read by a second statement, not joined in the same one. A statement reads other tables
     * as they were when it started; a new version that staging committed while the claim waited for its locks would
     * be claimed with its old payload, loaded, marked loaded, and never loaded again. The second statement starts
     * after the locks are held, so it reads the version whose state it locked. (Locking first also spares reading
     * the payload of every row other workers hold.)
     */
    private static final String CLAIM = claimStatement("");
    /** The same, restricted to the records of a sample run (table run_sample). */
    private static final String CLAIM_SAMPLE =
            claimStatement("and exists (select 1 from run_sample r where r.run_id = ? and r.staged_id = l.staged_id)");

    private static String claimStatement(String sampleCondition) {
        return """
                select staged_id from staged_load l
                where migration_id = ? and object_type = ? and load_state = 'pending' %s
                order by staged_id
                limit ?
                for update skip locked
                """.formatted(sampleCondition);
    }

    /*
     * The state of staged row s, looked up by key for each row the query's index condition found. Not a join (nor the
     * view staged_with_state): prepared with a generic plan, these look-ups by a batch's ids are estimated at
     * thousands of rows, and PostgreSQL then hashes the whole staged_load table for the few hundred a batch finds
     * (250 ms a query instead of 10 at 200,000 records). A scalar subquery is never turned into a join.
     */
    private static final String STATE = "(select l.load_state from staged_load l where l.staged_id = s.id)";
    private static final String ITEM_COLUMNS =
            "id, object_type, profi_id, payload::text, content_hash, source_file, source_line, export_id";

    private final long migrationId;

    StagedRecords(long migrationId) {
        this.migrationId = migrationId;
    }

    /**
     * Up to {@code limit} pending records of the first of {@code objectTypes} that has any left unclaimed. One type
     * per query: the partial index (migration, type, id) then serves the ordered LIMIT without sorting every pending
     * row of a million-row stage on each claim.
     */
    List<StagedItem> claim(Connection c, List<String> objectTypes, int limit) throws SQLException {
        return claim(c, objectTypes, limit, null);
    }

    /** As {@link #claim(Connection, List, int)}; with {@code sampleRun} only the records of that sample run. */
    List<StagedItem> claim(Connection c, List<String> objectTypes, int limit, Long sampleRun) throws SQLException {
        for (String type : objectTypes) {
            List<StagedItem> items = claim(c, type, limit, sampleRun);
            if (!items.isEmpty()) {
                return items;
            }
        }
        return List.of();
    }

    private List<StagedItem> claim(Connection c, String objectType, int limit, Long sampleRun) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sampleRun == null ? CLAIM : CLAIM_SAMPLE)) {
            int i = 1;
            ps.setLong(i++, migrationId);
            ps.setString(i++, objectType);
            if (sampleRun != null) {
                ps.setLong(i++, sampleRun);
            }
            ps.setInt(i, limit);
            List<Long> claimed = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getLong(1));
                }
            }
            return claimed.isEmpty() ? List.of() : claimed(c, claimed);
        }
    }

    private List<StagedItem> claimed(Connection c, List<Long> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + ITEM_COLUMNS + " from staged_record where id = any(?) order by id")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.toArray()));
            return items(ps);
        }
    }

    /** Staged records of one type by Profi id, as load items (whatever their state). */
    List<StagedItem> items(Connection c, ProfiObject object, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("select " + ITEM_COLUMNS
                + " from staged_record where migration_id = ? and object_type = ? and profi_id = any(?) order by id")) {
            ps.setLong(1, migrationId);
            ps.setString(2, object.typeName());
            ps.setArray(3, c.createArrayOf("text", ids.toArray()));
            return items(ps);
        }
    }

    /** The next records of a sample run after staged row {@code afterRow}, in row order (keyset paging). */
    List<StagedItem> sampleItems(Connection c, long sampleRun, long afterRow, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + ITEM_COLUMNS + """
                 from staged_record
                where migration_id = ? and id > ?
                  and exists (select 1 from run_sample s where s.run_id = ? and s.staged_id = staged_record.id)
                order by id limit ?
                """)) {
            ps.setLong(1, migrationId);
            ps.setLong(2, afterRow);
            ps.setLong(3, sampleRun);
            ps.setInt(4, limit);
            return items(ps);
        }
    }

    private static List<StagedItem> items(PreparedStatement ps) throws SQLException {
        List<StagedItem> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ProfiObject object = ProfiObject.byTypeName(rs.getString(2)).orElseThrow();
                String payload = rs.getString(4);
                ProfiRecord r = record(object, payload, rs.getString(6), rs.getLong(7));
                long export = rs.getLong(8);
                out.add(new StagedItem(rs.getLong(1), r, rs.getBytes(5), rs.wasNull() ? null : export, payload));
            }
        }
        return out;
    }

    /** Staged records of one type by Profi id, whatever their state (the caller decides what a state means). */
    Map<String, Related> byIds(Connection c, ProfiObject object, Collection<String> ids) throws SQLException {
        Map<String, Related> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select s.profi_id, s.payload::text, s.source_file, s.source_line, %s from staged_record s
                where s.migration_id = ? and s.object_type = ? and s.profi_id = any(?)
                """.formatted(STATE))) {
            ps.setLong(1, migrationId);
            ps.setString(2, object.typeName());
            ps.setArray(3, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Related(record(object, rs.getString(2), rs.getString(3),
                            rs.getLong(4)), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** The live (not rejected) participant rows of these sessions, by session id. */
    Map<String, List<ProfiRecord>> participants(Connection c, Collection<String> sessionIds) throws SQLException {
        Map<String, List<ProfiRecord>> out = new HashMap<>();
        if (sessionIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select s.payload::text, s.source_file, s.source_line from staged_record s
                where s.migration_id = ? and s.object_type = 'session_participant' and (s.payload ->> 'session_id') = any(?)
                  and %s not in ('rejected', 'deleted')
                order by s.id
                """.formatted(STATE))) {
            ps.setLong(1, migrationId);
            ps.setArray(2, c.createArrayOf("text", sessionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ProfiRecord p = record(ProfiObject.SESSION_PARTICIPANT, rs.getString(1),
                            rs.getString(2), rs.getLong(3));
                    out.computeIfAbsent(p.get("session_id"), k -> new ArrayList<>()).add(p);
                }
            }
        }
        return out;
    }

    /** The invoices among {@code invoiceIds} that at least one live payment points at. */
    Set<String> invoicesWithPayments(Connection c, Collection<String> invoiceIds) throws SQLException {
        Set<String> out = new HashSet<>();
        if (invoiceIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select distinct s.payload ->> 'invoice_id' from staged_record s
                where s.migration_id = ? and s.object_type = 'payment' and (s.payload ->> 'invoice_id') = any(?)
                  and %s not in ('rejected', 'deleted')
                """.formatted(STATE))) {
            ps.setLong(1, migrationId);
            ps.setArray(2, c.createArrayOf("text", invoiceIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The live packages and sessions of these clients, for rebuilding package links one client at a time. */
    void packagesAndSessions(Connection c, Collection<String> clientIds, ZoneId zone, Map<String, List<ClientPackage>> packages,
                             Map<String, List<ClientSession>> sessions) throws SQLException {
        if (clientIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select s.object_type, s.profi_id, s.payload ->> 'client_id', btrim(s.payload ->> 'service_id'),
                       nullif(btrim(s.payload ->> 'package_id'), ''), s.payload ->> 'start_at', s.payload ->> 'purchased_at',
                       s.payload ->> 'expires_at', s.payload ->> 'sessions_included'
                from staged_record s
                where s.migration_id = ? and s.object_type in ('package', 'session') and (s.payload ->> 'client_id') = any(?)
                  and %s not in ('rejected', 'deleted')
                order by s.id
                """.formatted(STATE))) {
            ps.setLong(1, migrationId);
            ps.setArray(2, c.createArrayOf("text", clientIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String client = rs.getString(3);
                    if ("package".equals(rs.getString(1))) {
                        packages.computeIfAbsent(client, k -> new ArrayList<>()).add(new ClientPackage(rs.getString(2),
                                client, rs.getString(4), instant(rs.getString(7), zone), instant(rs.getString(8), zone),
                                integer(rs.getString(9))));
                    } else {
                        sessions.computeIfAbsent(client, k -> new ArrayList<>()).add(new ClientSession(rs.getString(2),
                                client, rs.getString(4), rs.getString(5), instant(rs.getString(6), zone)));
                    }
                }
            }
        }
    }

    /**
     * Sessions per client, group participation included, over live records: what the lead/contact split counts.
     * Only clients with at least one session are listed. A session the load dead-lettered (because its client was
     * rejected, or Dynamics refused its task) still counts: the first run counted it while it was pending, and a
     * replay of its client must send the client where the first run would have, not to leads. Only what staging
     * rejected (an open staging dead letter) and what was deleted in Profi do not count.
     */
    Map<String, Integer> sessionCounts(Connection c) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select btrim(s.payload ->> 'client_id'), count(*) from staged_with_state s
                where s.migration_id = ? and s.object_type in ('session', 'session_participant')
                  and s.load_state <> 'deleted'
                  and not (s.load_state = 'rejected' and exists (
                      select 1 from dead_letter d
                      where d.migration_id = s.migration_id and d.object_type = s.object_type and d.profi_id = s.profi_id
                        and d.stage not like 'load-%' and d.replay_state <> 'resolved'))
                group by 1
                """)) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        out.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
        }
        return out;
    }

    /**
     * A staged record read back: its payload (a JSON object of text values, as staging wrote it) parsed straight into
     * the record's own map. A streaming read, not the mapper's: the load parses every record it claims and every
     * related record, and the mapper set up a deserialization context and a map deserializer for each.
     */
    static ProfiRecord record(ProfiObject object, String payload, String sourceFile, long sourceLine) {
        return ProfiRecord.adopting(object, fields(payload), sourceFile, sourceLine);
    }

    /** The payload's values by name, in the payload's order; a number or boolean is kept as its JSON text. */
    static LinkedHashMap<String, String> fields(String payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("a staged payload is not a JSON object: it starts with " + p.currentToken());
            }
            LinkedHashMap<String, String> out = new LinkedHashMap<>();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    out.put(name, null);
                } else if (value.isScalarValue()) {
                    out.put(name, p.getText());
                } else {
                    throw new IllegalStateException("a staged payload is not a JSON object of strings: field " + name
                            + " holds " + value);
                }
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a staged payload is not a JSON object of strings: " + e.getMessage(), e);
        }
    }

    private static Instant instant(String raw, ZoneId zone) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return ProfiTimestamps.parse(raw.strip(), zone);
        } catch (RuntimeException e) {
            return null; // validated on staging; a value that still fails cannot place the package in time
        }
    }

    private static Integer integer(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
