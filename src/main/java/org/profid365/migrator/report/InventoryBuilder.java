package org.profid365.migrator.report;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.profid365.migrator.mapping.PackageLinkRebuilder;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientPackage;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientSession;
import org.profid365.migrator.pipeline.MigratorContext;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ColumnType;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.report.Inventory.CustomFieldProfile;
import org.profid365.migrator.report.Inventory.FileSummary;
import org.profid365.migrator.report.Inventory.ObjectCounts;
import org.profid365.migrator.report.Inventory.Trap;
import org.profid365.migrator.report.Inventory.TrapKind;

/**
 * Takes the inventory of the staged data of the current migration, in one read-only snapshot.
 *
 * <p>Memory stays constant whatever the export's size: counts and profiles are aggregated in SQL, example lists are
 * capped, and the two checks that need Java (package links, name scripts) walk rows through a server-side cursor.
 * Profiles and traps look at the records that will move (load state pending or loaded); rejected records are
 * counted per object type and grouped by reason instead.
 */
public final class InventoryBuilder {

    /** A note body above this many bytes (UTF-8) is reported as large. */
    public static final long LARGE_NOTE_BYTES = 1024L * 1024;
    /** A file above this many bytes is reported as large. */
    public static final long LARGE_FILE_BYTES = 4L * 1024 * 1024;
    /** Dataverse's single-line text holds at most this many characters; longer text is a Memo. */
    public static final int TEXT_MAX_LENGTH = 4000;

    private static final String LIVE = "s.load_state in ('pending', 'loaded')";
    private static final int FETCH_SIZE = 500;
    private static final int MAX_BREAKDOWN = 50;

    private static final String WHOLE = "^[-+]?[0-9]+$";
    private static final String NUMERIC = "^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$";
    private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private static final String DATETIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?"
            + "(Z|z|[-+][0-9]{2}(:?[0-9]{2})?)?$";
    private static final String EMAIL = "^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:].]+$";
    private static final String WHOLE_PADDED = "^[[:space:]]*[0-9]+[[:space:]]*$";
    /** An apostrophe, or any character outside printable ASCII (the walk then decides whether it is a non-Latin letter). */
    private static final String NAME_OF_INTEREST = "['\u2019\u02BC]|[^ -~]";

    private final MigratorContext ctx;
    private final long migrationId;

    public InventoryBuilder(MigratorContext ctx) {
        this.ctx = ctx;
        this.migrationId = ctx.migration().id();
    }

    public Inventory build() throws SQLException {
        int leadThreshold = ctx.config().getInt("migrator.lead-threshold-sessions", 1);
        try (Connection c = ctx.store().connection()) {
            // one snapshot for every query, and autocommit off so the walks can use server-side cursors
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                Map<TrapKind, List<Trap>> traps = new EnumMap<>(TrapKind.class);
                List<ObjectCounts> objects = objectCounts(c);
                List<CustomFieldProfile> customFields = customFields(c, traps);
                packageLinks(c, zone(c), traps);
                simpleTraps(c, leadThreshold, traps);
                names(c, traps);
                unknownEnumValues(c, traps);
                deadLetterTraps(c, traps);
                FileSummary files = files(c);
                c.commit();
                List<Trap> ordered = new ArrayList<>();
                for (List<Trap> ofKind : traps.values()) {
                    // stable: within an object type, contract columns keep their order and custom columns follow
                    ofKind.sort(Comparator.comparingInt((Trap t) -> typeOrder(t.objectType()))
                            .thenComparingInt(t -> t.field() != null && t.field().startsWith("cf_") ? 1 : 0));
                    ordered.addAll(ofKind);
                }
                return new Inventory(ctx.migration().name(), Instant.now(), leadThreshold, objects, customFields, ordered, files);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    // ---- counts ------------------------------------------------------------------------------------------------

    private List<ObjectCounts> objectCounts(Connection c) throws SQLException {
        Map<String, long[]> states = new LinkedHashMap<>();
        for (ProfiObject o : ProfiObject.values()) {
            states.put(o.typeName(), new long[4]);
        }
        try (PreparedStatement ps = prepare(c, """
                select s.object_type, count(*), count(*) filter (where s.load_state = 'pending'),
                       count(*) filter (where s.load_state = 'loaded'), count(*) filter (where s.load_state = 'rejected')
                from staged_load s where s.migration_id = ? group by s.object_type order by s.object_type
                """, migrationId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                states.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
            }
        }
        Map<String, Map<String, Long>> letters = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, """
                select d.object_type, d.stage, count(*) from dead_letter d
                where d.migration_id = ? and d.replay_state <> 'resolved' group by 1, 2 order by 1, 2
                """, migrationId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                states.putIfAbsent(rs.getString(1), new long[4]);
                letters.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        List<ObjectCounts> out = new ArrayList<>();
        states.forEach((type, n) -> out.add(new ObjectCounts(type, n[0], n[1], n[2], n[3], letters.getOrDefault(type, Map.of()))));
        return out;
    }

    // ---- custom fields -----------------------------------------------------------------------------------------

    private record Definition(String objectType, String column, String label, String type, List<String> options) {
        boolean select() {
            return "single_select".equals(type) || "multi_select".equals(type);
        }
    }

    private record ValueStats(long records, int maxLength, long distinct, boolean whole, boolean numeric, boolean date,
                              boolean temporal, boolean bool) {
        String inferredType() {
            if (bool) {
                return "boolean";
            }
            if (whole) {
                return "number";
            }
            if (numeric) {
                return "decimal";
            }
            if (date) {
                return "date";
            }
            if (temporal) {
                return "datetime";
            }
            return maxLength > TEXT_MAX_LENGTH ? "long_text" : "text";
        }
    }

    private List<CustomFieldProfile> customFields(Connection c, Map<TrapKind, List<Trap>> traps) throws SQLException {
        Map<String, Definition> defs = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, """
                select s.payload ->> 'entity', s.payload ->> 'key', s.payload ->> 'label', s.payload ->> 'type',
                       s.payload ->> 'options'
                from staged_with_state s where s.migration_id = ? and s.object_type = 'custom_field' and %s order by s.id
                """.formatted(LIVE), migrationId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String entity = trim(rs.getString(1));
                String key = trim(rs.getString(2));
                String type = rs.getString(4) == null ? null : rs.getString(4).trim().toLowerCase(Locale.ROOT);
                String objectType = objectTypeOfEntity(entity);
                Definition d = new Definition(objectType, "cf_" + key, trim(rs.getString(3)), type, splitList(rs.getString(5)));
                defs.putIfAbsent(objectType + "\u0000" + d.column(), d);
            }
        }
        Map<String, ValueStats> stats = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, """
                select s.object_type, e.key, count(*), max(char_length(e.value)), count(distinct e.value),
                       bool_and(btrim(e.value) ~ ?), bool_and(btrim(e.value) ~ ?), bool_and(btrim(e.value) ~ ?),
                       bool_and(btrim(e.value) ~ ? or btrim(e.value) ~ ?), bool_and(lower(btrim(e.value)) in ('true', 'false'))
                from staged_with_state s cross join lateral jsonb_each_text(s.payload) e
                where s.migration_id = ? and s.object_type <> 'custom_field' and %s
                  and left(e.key, 3) = 'cf_' and btrim(e.value) <> ''
                group by 1, 2 order by 1, 2
                """.formatted(LIVE), WHOLE, NUMERIC, DATE, DATE, DATETIME, migrationId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stats.put(rs.getString(1) + "\u0000" + rs.getString(2), new ValueStats(rs.getLong(3), rs.getInt(4), rs.getLong(5),
                        rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9), rs.getBoolean(10)));
            }
        }
        List<String> keys = new ArrayList<>(defs.keySet());
        stats.keySet().stream().filter(k -> !defs.containsKey(k)).forEach(keys::add);
        keys.sort(Comparator.comparingInt((String k) -> typeOrder(k.substring(0, k.indexOf('\u0000'))))
                .thenComparing(k -> k.substring(k.indexOf('\u0000') + 1)));
        List<CustomFieldProfile> out = new ArrayList<>();
        for (String k : keys) {
            String objectType = k.substring(0, k.indexOf('\u0000'));
            String column = k.substring(k.indexOf('\u0000') + 1);
            Definition d = defs.get(k);
            ValueStats v = stats.get(k);
            List<String> outside = List.of();
            if (d != null && d.select() && v != null) {
                Trap t = unknownValues(c, objectType, column, d.options(), "multi_select".equals(d.type()));
                if (t != null) {
                    outside = List.copyOf(t.breakdown().keySet());
                    add(traps, t);
                }
            }
            String inferred = v == null ? null : v.inferredType();
            out.add(new CustomFieldProfile(objectType, column, d == null ? null : d.label(),
                    d == null ? CustomFieldProfile.UNDECLARED : Objects.requireNonNullElse(d.type(), "text"),
                    d == null ? List.of() : d.options(), inferred, v == null ? 0 : v.records(), v == null ? 0 : v.maxLength(),
                    v == null ? 0 : v.distinct(), outside, note(d, v, inferred)));
        }
        return out;
    }

    private static String note(Definition d, ValueStats v, String inferred) {
        if (d == null) {
            return v == null ? null : "not in custom_fields.csv: values look like " + inferred;
        }
        if (v == null) {
            return "declared but no record has a value";
        }
        if ("number".equals(d.type()) && "decimal".equals(inferred)) {
            return "declared number but fractional values occur: map to Decimal, not Integer";
        }
        if (("text".equals(d.type()) || d.select()) && v.maxLength() > TEXT_MAX_LENGTH) {
            return "values longer than " + TEXT_MAX_LENGTH + " characters: map to multiline text (Memo)";
        }
        return null;
    }

    private static String objectTypeOfEntity(String entity) {
        for (ProfiObject o : ProfiObject.values()) {
            if (o.customFieldEntity().map(e -> e.equals(entity)).orElse(false)) {
                return o.typeName();
            }
        }
        return String.valueOf(entity);
    }

    private static int typeOrder(String objectType) {
        return ProfiObject.byTypeName(objectType).map(Enum::ordinal).orElse(ProfiObject.values().length);
    }

    // ---- unknown values ----------------------------------------------------------------------------------------

    private void unknownEnumValues(Connection c, Map<TrapKind, List<Trap>> traps) throws SQLException {
        for (ProfiObject o : ProfiObject.values()) {
            for (Column col : o.columns()) {
                if (col.type() == ColumnType.ENUM) {
                    Trap t = unknownValues(c, o.typeName(), col.name(), col.values(), false);
                    if (t != null) {
                        add(traps, t);
                    }
                }
            }
        }
    }

    /** Values of a column outside the allowed list: value → records, and the records that carry one. */
    private Trap unknownValues(Connection c, String objectType, String column, List<String> allowed, boolean multi)
            throws SQLException {
        String values = multi ? "unnest(string_to_array(s.payload ->> ?, ';'))" : "unnest(array[s.payload ->> ?])";
        Array allowedArray = c.createArrayOf("text", allowed.toArray());
        Map<String, Long> breakdown = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, """
                select btrim(v.value), count(distinct s.id) from staged_with_state s cross join lateral %s as v(value)
                where s.migration_id = ? and s.object_type = ? and %s and btrim(v.value) <> '' and btrim(v.value) <> all(?)
                group by 1 order by 2 desc, 1 limit %d
                """.formatted(values, LIVE, MAX_BREAKDOWN), column, migrationId, objectType, allowedArray);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                breakdown.put(rs.getString(1), rs.getLong(2));
            }
        }
        if (breakdown.isEmpty()) {
            return null;
        }
        Found f = found(c, """
                select s.profi_id, count(*) over () from staged_with_state s
                where s.migration_id = ? and s.object_type = ? and %s
                  and exists (select 1 from %s as v(value) where btrim(v.value) <> '' and btrim(v.value) <> all(?))
                order by s.id limit %d
                """.formatted(LIVE, values, Inventory.MAX_EXAMPLES), migrationId, objectType, column, allowedArray);
        return new Trap(TrapKind.UNKNOWN_VALUE, objectType, column, f.count(), breakdown, f.examples());
    }

    // ---- package links -----------------------------------------------------------------------------------------

    private void packageLinks(Connection c, ZoneId zone, Map<TrapKind, List<Trap>> traps) throws SQLException {
        Found without = where(c, "session", "coalesce(btrim(s.payload ->> 'package_id'), '') = ''");
        if (without.count() == 0) {
            return;
        }
        Examples rebuilt = new Examples();
        Examples notRebuilt = new Examples();
        Examples noPackage = new Examples();
        PackageLinkRebuilder rebuilder = new PackageLinkRebuilder();
        // only the clients that have a session to link; one client's rows in memory at a time
        try (PreparedStatement ps = prepare(c, """
                select s.object_type, s.profi_id, btrim(s.payload ->> 'client_id'), btrim(s.payload ->> 'service_id'),
                       nullif(btrim(s.payload ->> 'package_id'), ''), s.payload ->> 'start_at', s.payload ->> 'purchased_at',
                       s.payload ->> 'expires_at', s.payload ->> 'sessions_included'
                from staged_with_state s
                where s.migration_id = ? and s.object_type in ('package', 'session') and %1$s
                  and btrim(s.payload ->> 'client_id') in (
                      select btrim(s.payload ->> 'client_id') from staged_with_state s
                      where s.migration_id = ? and s.object_type = 'session' and %1$s
                        and coalesce(btrim(s.payload ->> 'package_id'), '') = '')
                order by 3, s.id
                """.formatted(LIVE), migrationId, migrationId)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                String client = null;
                List<ClientPackage> packages = new ArrayList<>();
                List<ClientSession> sessions = new ArrayList<>();
                while (rs.next()) {
                    String rowClient = rs.getString(3);
                    if (!rowClient.equals(client)) {
                        link(rebuilder, packages, sessions, rebuilt, notRebuilt, noPackage);
                        client = rowClient;
                    }
                    if ("package".equals(rs.getString(1))) {
                        packages.add(new ClientPackage(rs.getString(2), rowClient, rs.getString(4), instant(rs.getString(7), zone),
                                instant(rs.getString(8), zone), integer(rs.getString(9))));
                    } else {
                        sessions.add(new ClientSession(rs.getString(2), rowClient, rs.getString(4), rs.getString(5),
                                instant(rs.getString(6), zone)));
                    }
                }
                link(rebuilder, packages, sessions, rebuilt, notRebuilt, noPackage);
            }
        }
        Map<String, Long> split = new LinkedHashMap<>();
        split.put("rebuildable", rebuilt.count);
        split.put("not_rebuildable", notRebuilt.count);
        split.put("no_package_bought", noPackage.count);
        add(traps, new Trap(TrapKind.SESSION_WITHOUT_PACKAGE, "session", "package_id", without.count(), split, without.examples()));
        if (rebuilt.count > 0) {
            add(traps, new Trap(TrapKind.PACKAGE_LINK_REBUILDABLE, "session", "package_id", rebuilt.count, Map.of(), rebuilt.ids));
        }
        if (notRebuilt.count > 0) {
            add(traps, new Trap(TrapKind.PACKAGE_LINK_NOT_REBUILDABLE, "session", "package_id", notRebuilt.count, Map.of(),
                    notRebuilt.ids));
        }
    }

    private static void link(PackageLinkRebuilder rebuilder, List<ClientPackage> packages, List<ClientSession> sessions,
                             Examples rebuilt, Examples notRebuilt, Examples noPackage) {
        if (!sessions.isEmpty()) {
            PackageLinkRebuilder.Result r = rebuilder.rebuild(packages, sessions);
            r.inferred().keySet().forEach(rebuilt::add);
            // a session is a broken link only if the client bought a package of its service; the others were
            // never package-paid (discovery calls, single sessions) and are counted apart
            Set<String> boughtServices = new HashSet<>();
            packages.forEach(p -> boughtServices.add(p.serviceId()));
            Map<String, String> serviceOf = new HashMap<>();
            sessions.forEach(x -> serviceOf.put(x.id(), x.serviceId()));
            for (String id : r.unresolved()) {
                if (boughtServices.contains(serviceOf.get(id))) {
                    notRebuilt.add(id);
                } else {
                    noPackage.add(id);
                }
            }
        }
        packages.clear();
        sessions.clear();
    }

    // ---- traps answered by one query ---------------------------------------------------------------------------

    private void simpleTraps(Connection c, int leadThreshold, Map<TrapKind, List<Trap>> traps) throws SQLException {
        add(traps, TrapKind.SESSION_WITH_RECORDING, "session", "recording_url",
                where(c, "session", "coalesce(btrim(s.payload ->> 'recording_url'), '') <> ''"), Map.of());
        duplicateEmails(c, traps);
        add(traps, TrapKind.MISSING_LAST_NAME, "client", "last_name",
                where(c, "client", "coalesce(btrim(s.payload ->> 'last_name'), '') = ''"), Map.of());
        for (String type : List.of("client", "company", "coach")) {
            add(traps, TrapKind.INVALID_EMAIL, type, "email",
                    where(c, type, "coalesce(btrim(s.payload ->> 'email'), '') <> '' and btrim(s.payload ->> 'email') !~ ?", EMAIL),
                    Map.of());
        }
        add(traps, TrapKind.CO_MANAGED_CLIENT, "client", "co_coach_emails",
                where(c, "client", "coalesce(btrim(s.payload ->> 'co_coach_emails'), '') <> ''"), Map.of());
        add(traps, TrapKind.INACTIVE_COACH, "coach", "active",
                where(c, "coach", "lower(btrim(s.payload ->> 'active')) = 'false'"), Map.of());
        Found prospects = found(c, """
                with n as (
                    select btrim(s.payload ->> 'client_id') as client_id, count(*) as sessions from staged_with_state s
                    where s.migration_id = ? and s.object_type in ('session', 'session_participant') and %1$s group by 1)
                select s.profi_id, count(*) over () from staged_with_state s left join n on n.client_id = s.profi_id
                where s.migration_id = ? and s.object_type = 'client' and %1$s and coalesce(n.sessions, 0) < ?
                order by s.id limit %2$d
                """.formatted(LIVE, Inventory.MAX_EXAMPLES), migrationId, migrationId, leadThreshold);
        add(traps, TrapKind.PROSPECT_LEAD, "client", null, prospects, Map.of());
        add(traps, TrapKind.LARGE_NOTE, "note", "body",
                where(c, "note", "octet_length(s.payload ->> 'body') > ?", LARGE_NOTE_BYTES), Map.of());
    }

    private void duplicateEmails(Connection c, Map<TrapKind, List<Trap>> traps) throws SQLException {
        long emails = 0;
        long clients = 0;
        List<String> examples = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, """
                with e as (
                    select s.id, s.profi_id, lower(btrim(s.payload ->> 'email')) as email from staged_with_state s
                    where s.migration_id = ? and s.object_type = 'client' and %s and coalesce(btrim(s.payload ->> 'email'), '') <> ''),
                shared as (select email from e group by email having count(*) > 1)
                select e.profi_id, count(*) over (), (select count(*) from shared)
                from e join shared using (email) order by e.email, e.id limit %d
                """.formatted(LIVE, Inventory.MAX_EXAMPLES), migrationId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                examples.add(rs.getString(1));
                clients = rs.getLong(2);
                emails = rs.getLong(3);
            }
        }
        if (emails > 0) {
            Map<String, Long> split = new LinkedHashMap<>();
            split.put("emails", emails);
            split.put("clients", clients);
            add(traps, new Trap(TrapKind.DUPLICATE_EMAIL, "client", "email", emails, split, examples));
        }
    }

    // ---- names -------------------------------------------------------------------------------------------------

    private void names(Connection c, Map<TrapKind, List<Trap>> traps) throws SQLException {
        Map<String, Examples> apostrophe = new LinkedHashMap<>();
        Map<String, Examples> nonLatin = new LinkedHashMap<>();
        for (String type : List.of("client", "coach", "company")) {
            apostrophe.put(type, new Examples());
            nonLatin.put(type, new Examples());
        }
        try (PreparedStatement ps = prepare(c, """
                select s.object_type, s.profi_id, s.payload ->> 'first_name', s.payload ->> 'last_name', s.payload ->> 'name'
                from staged_with_state s
                where s.migration_id = ? and s.object_type in ('client', 'coach', 'company') and %s
                  and (s.payload ->> 'first_name' ~ ? or s.payload ->> 'last_name' ~ ?
                       or (s.object_type = 'company' and s.payload ->> 'name' ~ ?))
                order by s.id
                """.formatted(LIVE), migrationId, NAME_OF_INTEREST, NAME_OF_INTEREST, NAME_OF_INTEREST)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    String names = "company".equals(type) ? rs.getString(5)
                            : Objects.toString(rs.getString(3), "") + " " + Objects.toString(rs.getString(4), "");
                    if (names == null) {
                        continue;
                    }
                    if (hasApostrophe(names)) {
                        apostrophe.get(type).add(rs.getString(2));
                    }
                    if (hasNonLatinLetter(names)) {
                        nonLatin.get(type).add(rs.getString(2));
                    }
                }
            }
        }
        for (String type : apostrophe.keySet()) {
            String field = "company".equals(type) ? "name" : "first_name, last_name";
            Examples a = apostrophe.get(type);
            if (a.count > 0) {
                add(traps, new Trap(TrapKind.NAME_WITH_APOSTROPHE, type, field, a.count, Map.of(), a.ids));
            }
            Examples n = nonLatin.get(type);
            if (n.count > 0) {
                add(traps, new Trap(TrapKind.NAME_WITH_NON_LATIN_LETTERS, type, field, n.count, Map.of(), n.ids));
            }
        }
    }

    static boolean hasApostrophe(String s) {
        return s.indexOf('\'') >= 0 || s.indexOf('\u2019') >= 0 || s.indexOf('\u02BC') >= 0;
    }

    static boolean hasNonLatinLetter(String s) {
        return s.codePoints().anyMatch(cp -> Character.isLetter(cp) && switch (Character.UnicodeScript.of(cp)) {
            case LATIN, COMMON, INHERITED -> false;
            default -> true;
        });
    }

    // ---- dead letters ------------------------------------------------------------------------------------------

    private void deadLetterTraps(Connection c, Map<TrapKind, List<Trap>> traps) throws SQLException {
        // orphans: one trap per object type and reference column
        try (PreparedStatement ps = prepare(c, """
                select object_type, field, record_key, total from (
                    select d.object_type, coalesce(d.field, '') as field, d.record_key,
                           count(*) over (partition by d.object_type, coalesce(d.field, '')) as total,
                           row_number() over (partition by d.object_type, coalesce(d.field, '') order by d.id) as n
                    from dead_letter d
                    where d.migration_id = ? and d.stage = 'reference' and d.replay_state <> 'resolved') t
                where n <= ? order by object_type, field, n
                """, migrationId, Inventory.MAX_EXAMPLES); ResultSet rs = ps.executeQuery()) {
            groupRows(rs, (type, field, total, ids) -> add(traps, new Trap(TrapKind.ORPHAN_REFERENCE, type, blankToNull(field),
                    total, Map.of(), ids)));
        }
        // every open dead letter, grouped by object type and field, with the stages behind each group
        Map<String, Map<String, Long>> stages = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, """
                select d.object_type, coalesce(d.field, ''), d.stage, count(*) from dead_letter d
                where d.migration_id = ? and d.replay_state <> 'resolved' group by 1, 2, 3 order by 1, 2, 3
                """, migrationId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stages.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new LinkedHashMap<>())
                        .put(rs.getString(3), rs.getLong(4));
            }
        }
        try (PreparedStatement ps = prepare(c, """
                select object_type, field, record_key, total from (
                    select d.object_type, coalesce(d.field, '') as field, d.record_key,
                           count(*) over (partition by d.object_type, coalesce(d.field, '')) as total,
                           row_number() over (partition by d.object_type, coalesce(d.field, '') order by d.id) as n
                    from dead_letter d where d.migration_id = ? and d.replay_state <> 'resolved') t
                where n <= ? order by object_type, field, n
                """, migrationId, Inventory.MAX_EXAMPLES); ResultSet rs = ps.executeQuery()) {
            groupRows(rs, (type, field, total, ids) -> add(traps, new Trap(TrapKind.REJECTED_AT_STAGING, type,
                    blankToNull(field), total, stages.getOrDefault(type + "\u0000" + field, Map.of()), ids)));
        }
    }

    private interface Group {
        void accept(String objectType, String field, long total, List<String> ids);
    }

    /** Reads rows (object type, field, id, total) ordered by group into one call per group. */
    private static void groupRows(ResultSet rs, Group sink) throws SQLException {
        String type = null;
        String field = null;
        long total = 0;
        List<String> ids = new ArrayList<>();
        while (rs.next()) {
            if (!rs.getString(1).equals(type) || !rs.getString(2).equals(field)) {
                if (type != null) {
                    sink.accept(type, field, total, ids);
                }
                type = rs.getString(1);
                field = rs.getString(2);
                ids = new ArrayList<>();
            }
            ids.add(rs.getString(3));
            total = rs.getLong(4);
        }
        if (type != null) {
            sink.accept(type, field, total, ids);
        }
    }

    // ---- files -------------------------------------------------------------------------------------------------

    private FileSummary files(Connection c) throws SQLException {
        long count;
        long bytes;
        try (PreparedStatement ps = prepare(c, """
                select count(*), coalesce(sum(case when s.payload ->> 'size_bytes' ~ ?
                                                   then btrim(s.payload ->> 'size_bytes')::numeric end), 0)
                from staged_with_state s where s.migration_id = ? and s.object_type = 'file' and %s
                """.formatted(LIVE), WHOLE_PADDED, migrationId); ResultSet rs = ps.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
            bytes = rs.getBigDecimal(2).longValue();
        }
        Found large = where(c, "file", """
                (case when s.payload ->> 'size_bytes' ~ ? then btrim(s.payload ->> 'size_bytes')::numeric end) > ?""",
                WHOLE_PADDED, LARGE_FILE_BYTES);
        Found urlOnly = where(c, "file", "coalesce(btrim(s.payload ->> 'path'), '') = '' and coalesce(btrim(s.payload ->> 'url'), '') <> ''");
        return new FileSummary(count, bytes, LARGE_FILE_BYTES, large.count(), large.examples(), urlOnly.count(), urlOnly.examples());
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    private record Found(long count, List<String> examples) {
    }

    /** A running count with the first example ids. */
    private static final class Examples {
        long count;
        final List<String> ids = new ArrayList<>();

        void add(String id) {
            count++;
            if (ids.size() < Inventory.MAX_EXAMPLES) {
                ids.add(id);
            }
        }
    }

    /** The live records of a type matching a condition: how many, and the first ones in source order. */
    private Found where(Connection c, String objectType, String condition, Object... params) throws SQLException {
        Object[] all = new Object[params.length + 2];
        all[0] = migrationId;
        all[1] = objectType;
        System.arraycopy(params, 0, all, 2, params.length);
        return found(c, """
                select s.profi_id, count(*) over () from staged_with_state s
                where s.migration_id = ? and s.object_type = ? and %s and (%s)
                order by s.id limit %d
                """.formatted(LIVE, condition, Inventory.MAX_EXAMPLES), all);
    }

    /** Runs a query of (id, total) rows. */
    private static Found found(Connection c, String sql, Object... params) throws SQLException {
        long total = 0;
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
                total = rs.getLong(2);
            }
        }
        return new Found(total, ids);
    }

    private static void add(Map<TrapKind, List<Trap>> traps, TrapKind kind, String objectType, String field, Found f,
                            Map<String, Long> breakdown) {
        if (f.count() > 0) {
            add(traps, new Trap(kind, objectType, field, f.count(), breakdown, f.examples()));
        }
    }

    private static void add(Map<TrapKind, List<Trap>> traps, Trap t) {
        traps.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** The time zone of the latest export: timestamps written without an offset are in it. */
    private ZoneId zone(Connection c) throws SQLException {
        try (PreparedStatement ps = prepare(c, "select timezone from source_export where migration_id = ? order by id desc limit 1",
                migrationId); ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getString(1) != null) {
                try {
                    return ZoneId.of(rs.getString(1));
                } catch (RuntimeException e) {
                    return ZoneOffset.UTC;
                }
            }
            return ZoneOffset.UTC;
        }
    }

    static Instant instant(String raw, ZoneId zone) {
        return org.profid365.migrator.profi.ProfiTimestamps.parse(raw, zone);
    }

    private static Integer integer(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> splitList(String raw) {
        if (raw == null) {
            return List.of();
        }
        return List.of(raw.split(";")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
