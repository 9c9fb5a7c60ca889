package org.profid365.migrator.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.profid365.migrator.mapping.FieldMapping;
import org.profid365.migrator.mapping.MappingFile;
import org.profid365.migrator.mapping.ObjectMapping;
import org.profid365.migrator.mapping.PackageLinkRebuilder;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientPackage;
import org.profid365.migrator.mapping.PackageLinkRebuilder.ClientSession;
import org.profid365.migrator.mapping.TransformException;
import org.profid365.migrator.mapping.Transforms;
import org.profid365.migrator.profi.Column;
import org.profid365.migrator.profi.ProfiObject;
import org.profid365.migrator.profi.ProfiRecord;
import org.profid365.migrator.profi.ProfiTimestamps;

/**
 * Picks the records of a sample run ({@code migrate --sample N}) and writes them to {@code run_sample}.
 *
 * <p>The algorithm, in four steps:
 * <ol>
 *   <li><b>Units.</b> A client with everything that hangs off it (its sessions and group participations, notes,
 *       files, enrollments, invoices, payments and packages, its company, the coach profiles of its owner and
 *       co-coaches) is one unit; every company and every coach profile is also a unit of its own, so that a value
 *       found only on a company without clients can still be covered.</li>
 *   <li><b>Features.</b> Each record contributes its object type, every custom field it fills, every value-map entry
 *       its values hit (after the field's transforms, in the table the record goes to) and the traps it carries
 *       (lead or contact, co-managed client, group participation, recording, package link inferred or not
 *       rebuildable, session without title, invoice without payment, payment without invoice, note on a session or
 *       on the client, HTML note, file with bytes or as a link, file of a note, values without a target). A unit's
 *       features are the union of its records'. Computed in one pass over the staged records ordered by client,
 *       one client in memory at a time.</li>
 *   <li><b>Greedy weighted set cover.</b> Take the unit that covers the most features not yet covered per record it
 *       brings (ties: more features, then the id), until every feature found in the staged data is covered; the
 *       classic greedy heuristic, which keeps the sample small while covering everything (lazy evaluation: a unit's
 *       gain only shrinks, so it is recomputed only when it reaches the top). Then add further clients in a fixed
 *       pseudo-random order until the sample holds about N records to write. Coverage wins over N: a small N gives
 *       a larger sample when the data needs it.</li>
 *   <li><b>Closure</b>, in SQL until nothing changes: every record a sampled record references (company, client,
 *       session, note, invoice, service, program, package), every participant row of a sampled session (and so its
 *       client), the coach profiles of the owners, session coaches, note authors and co-coaches of sampled records,
 *       and the custom field definitions. So every lookup of a sampled record points at a sampled record.</li>
 * </ol>
 * Rejected and deleted staged records are never picked; records already loaded are (the diff reads them back; the
 * load does not write them again).
 */
public final class SampleSelector {

    /** Object types a load stage writes (the rest are read through related fields and rules). */
    static final Set<String> WRITTEN = Set.of("coach", "company", "client", "enrollment", "payment", "invoice", "session",
            "note", "file");
    private static final List<String> CLIENT_CHILDREN = List.of("session", "session_participant", "note", "file",
            "enrollment", "invoice", "payment", "package");
    private static final String LIVE = "load_state in ('pending', 'loaded')";

    /** What was picked. */
    public record Selection(long runId, int asked, Map<String, Long> records, int features, int covered,
                            List<String> uncovered) {

        /** Records a stage writes. */
        public long toWrite() {
            return records.entrySet().stream().filter(e -> WRITTEN.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        public long readThrough() {
            return records.values().stream().mapToLong(Long::longValue).sum() - toWrite();
        }

        public String summary() {
            StringBuilder b = new StringBuilder();
            b.append("Sample of run ").append(runId).append(": ").append(String.format("%,d", toWrite()))
                    .append(" records to write (about ").append(asked).append(" asked) and ").append(readThrough())
                    .append(" read through (services, programs, packages, participants, custom field definitions); ")
                    .append(covered).append(" of ").append(features)
                    .append(" features of the staged data covered (object types, custom fields, value-map entries, traps)");
            b.append(System.lineSeparator()).append("  ");
            records.forEach((type, n) -> b.append(type).append(' ').append(n).append("  "));
            if (!uncovered.isEmpty()) {
                b.append(System.lineSeparator()).append("  not covered: ").append(String.join("; ", uncovered));
            }
            return b.toString().stripTrailing();
        }
    }

    private final long migrationId;
    private final MappingFile mapping;
    private final Map<String, Integer> featureIds = new HashMap<>();
    private final List<String> featureNames = new ArrayList<>();

    public SampleSelector(long migrationId, MappingFile mapping) {
        this.migrationId = migrationId;
        this.mapping = mapping;
    }

    private static final class Unit {
        final String kind;
        final String id;
        final int[] features;
        final int size;

        Unit(String kind, String id, Set<Integer> features, int size) {
            this.kind = kind;
            this.id = id;
            this.features = features.stream().mapToInt(Integer::intValue).sorted().toArray();
            this.size = Math.max(1, size);
        }

        int gain(BitSet covered) {
            int g = 0;
            for (int f : features) {
                if (!covered.get(f)) {
                    g++;
                }
            }
            return g;
        }
    }

    /** Picks about {@code size} records for sample run {@code runId} and stores them in run_sample (in one transaction). */
    public Selection select(Connection c, long runId, int size) throws SQLException {
        if (size < 1) {
            throw new IllegalArgumentException("a sample needs at least 1 record");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            ZoneId zone = exportZone(c);
            Map<String, Set<Integer>> coachFeatures = new HashMap<>();
            Map<String, Set<Integer>> companyFeatures = new HashMap<>();
            Map<String, String> companyOwner = new HashMap<>();
            List<Unit> units = new ArrayList<>();
            stream(c, ProfiObject.COACH, (id, rec) -> {
                Set<Integer> f = features(rec, table("coach"));
                coachFeatures.computeIfAbsent(email(rec.get("email")), k -> new HashSet<>()).addAll(f);
                units.add(new Unit("coach", id, f, 1));
            });
            stream(c, ProfiObject.COMPANY, (id, rec) -> {
                Set<Integer> f = features(rec, table("company"));
                companyFeatures.put(id, f);
                companyOwner.put(id, email(rec.get("owner_email")));
                Set<Integer> all = new HashSet<>(f);
                all.addAll(coachFeatures.getOrDefault(email(rec.get("owner_email")), Set.of()));
                units.add(new Unit("company", id, all, 2));
            });
            List<Unit> clients = new ArrayList<>();
            streamClients(c, zone, coachFeatures, companyFeatures, clients);
            units.addAll(clients);

            BitSet all = new BitSet();
            units.forEach(u -> {
                for (int f : u.features) {
                    all.set(f);
                }
            });
            List<Unit> chosen = cover(units, all);
            long estimate = chosen.stream().mapToLong(u -> u.size).sum();
            Set<String> chosenKeys = new HashSet<>();
            chosen.forEach(u -> chosenKeys.add(u.kind + ":" + u.id));
            clients.sort(Comparator.comparingLong((Unit u) -> mix(u.id)).thenComparing(u -> u.id));
            for (Unit u : clients) {
                if (estimate >= size) {
                    break;
                }
                if (chosenKeys.add(u.kind + ":" + u.id)) {
                    chosen.add(u);
                    estimate += u.size;
                }
            }
            BitSet covered = new BitSet();
            chosen.forEach(u -> {
                for (int f : u.features) {
                    covered.set(f);
                }
            });
            List<String> uncovered = new ArrayList<>();
            for (int f = all.nextSetBit(0); f >= 0; f = all.nextSetBit(f + 1)) {
                if (!covered.get(f)) {
                    uncovered.add(featureNames.get(f));
                }
            }
            insertRoots(c, runId, chosen);
            close(c, runId);
            Map<String, Long> counts = counts(c, runId);
            c.commit();
            return new Selection(runId, size, counts, all.cardinality(), covered.cardinality(), uncovered);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Lazy greedy set cover over the units' features. */
    private static List<Unit> cover(List<Unit> units, BitSet all) {
        record Candidate(Unit unit, int gain) {
            double perRecord() {
                return (double) gain / unit.size;
            }
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>(Comparator.comparingDouble(Candidate::perRecord).reversed()
                .thenComparing(Comparator.comparingInt(Candidate::gain).reversed())
                .thenComparing(cand -> cand.unit().kind + ":" + cand.unit().id));
        BitSet covered = new BitSet();
        for (Unit u : units) {
            if (u.features.length > 0) {
                queue.add(new Candidate(u, u.features.length));
            }
        }
        List<Unit> chosen = new ArrayList<>();
        int total = all.cardinality();
        while (!queue.isEmpty() && covered.cardinality() < total) {
            Candidate top = queue.poll();
            int gain = top.unit().gain(covered);
            if (gain == 0) {
                continue;
            }
            Candidate now = new Candidate(top.unit(), gain);
            if (queue.isEmpty() || now.perRecord() >= queue.peek().perRecord()) {
                chosen.add(top.unit());
                for (int f : top.unit().features) {
                    covered.set(f);
                }
            } else {
                queue.add(now);
            }
        }
        return chosen;
    }

    // ---- features --------------------------------------------------------------------------------------------

    private interface RowHandler {
        void accept(String profiId, ProfiRecord record) throws SQLException;
    }

    /** Every live record of one type, streamed. */
    private void stream(Connection c, ProfiObject object, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select profi_id, payload::text from staged_with_state"
                + " where migration_id = ? and object_type = ? and " + LIVE + " order by id")) {
            ps.setFetchSize(1000);
            ps.setLong(1, migrationId);
            ps.setString(2, object.typeName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.accept(rs.getString(1), StagedRecords.record(object, rs.getString(2), "", 0));
                }
            }
        }
    }

    /** One pass over the client-owned records, ordered by client, one client's records in memory at a time. */
    private void streamClients(Connection c, ZoneId zone, Map<String, Set<Integer>> coachFeatures,
                               Map<String, Set<Integer>> companyFeatures, List<Unit> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select object_type, profi_id, payload::text, unit from (
                    select object_type, profi_id, payload, id,
                           case when object_type = 'client' then profi_id else btrim(payload ->> 'client_id') end as unit
                    from staged_with_state
                    where migration_id = ? and load_state in ('pending', 'loaded') and object_type = any(?)
                ) r
                where coalesce(unit, '') <> ''
                order by unit, object_type, id
                """)) {
            ps.setFetchSize(2000);
            ps.setLong(1, migrationId);
            List<String> types = new ArrayList<>(CLIENT_CHILDREN);
            types.add("client");
            ps.setArray(2, c.createArrayOf("text", types.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                String unit = null;
                List<ProfiRecord> group = new ArrayList<>();
                while (rs.next()) {
                    String u = rs.getString(4);
                    if (!u.equals(unit)) {
                        clientUnit(unit, group, zone, coachFeatures, companyFeatures, out);
                        group.clear();
                        unit = u;
                    }
                    ProfiObject object = ProfiObject.byTypeName(rs.getString(1)).orElseThrow();
                    group.add(StagedRecords.record(object, rs.getString(3), "", 0));
                }
                clientUnit(unit, group, zone, coachFeatures, companyFeatures, out);
            }
        }
    }

    private void clientUnit(String clientId, List<ProfiRecord> group, ZoneId zone, Map<String, Set<Integer>> coachFeatures,
                            Map<String, Set<Integer>> companyFeatures, List<Unit> out) {
        ProfiRecord client = group.stream().filter(r -> r.object() == ProfiObject.CLIENT).findFirst().orElse(null);
        if (client == null) {
            return; // the client is rejected or not staged: its records cannot be loaded anyway
        }
        int sessions = (int) group.stream().filter(r -> r.object() == ProfiObject.SESSION
                || r.object() == ProfiObject.SESSION_PARTICIPANT).count();
        String clientTable = clientTable(sessions);
        Set<Integer> f = new HashSet<>();
        int size = 0;
        Set<String> invoicesPaid = new HashSet<>();
        for (ProfiRecord r : group) {
            if (r.object() == ProfiObject.PAYMENT && r.get("invoice_id") != null) {
                invoicesPaid.add(r.get("invoice_id").strip());
            }
        }
        Map<String, List<ClientPackage>> packages = new HashMap<>();
        List<ClientSession> clientSessions = new ArrayList<>();
        for (ProfiRecord r : group) {
            String type = r.object().typeName();
            if (WRITTEN.contains(type)) {
                size++;
            }
            f.addAll(features(r, r.object() == ProfiObject.CLIENT ? clientTable : table(type)));
            switch (r.object()) {
                case CLIENT -> {
                    if (mapping.objects().get("client") != null && mapping.objects().get("client").split() != null) {
                        f.add(feature("trap: client becomes a " + clientTable));
                    }
                    if (present(r.get("co_coach_emails"))) {
                        f.add(feature("trap: co-managed client (co-coaches)"));
                    }
                }
                case SESSION -> {
                    if (present(r.get("recording_url"))) {
                        f.add(feature("trap: session recording"));
                    }
                    if (!present(r.get("title"))) {
                        f.add(feature("trap: session without title"));
                    }
                    if (present(r.get("service_id"))) {
                        f.add(feature("type: service"));
                    }
                    clientSessions.add(new ClientSession(r.profiId() == null ? "" : r.profiId(), clientId,
                            strip(r.get("service_id")), strip(r.get("package_id")), instant(r.get("start_at"), zone)));
                }
                case SESSION_PARTICIPANT -> f.add(feature("trap: group session participant"));
                case PACKAGE -> packages.computeIfAbsent(clientId, k -> new ArrayList<>()).add(new ClientPackage(
                        r.profiId() == null ? "" : r.profiId(), clientId, strip(r.get("service_id")),
                        instant(r.get("purchased_at"), zone), instant(r.get("expires_at"), zone), integer(r.get("sessions_included"))));
                case ENROLLMENT -> {
                    if (present(r.get("program_id"))) {
                        f.add(feature("type: program"));
                    }
                }
                case INVOICE -> {
                    if (r.profiId() != null && !invoicesPaid.contains(r.profiId())) {
                        f.add(feature("trap: invoice without payment"));
                        f.addAll(valueFeatures(r, "payment", table("payment"), "status", r.get("status")));
                    }
                }
                case PAYMENT -> {
                    if (!present(r.get("invoice_id"))) {
                        f.add(feature("trap: payment without invoice"));
                    }
                }
                case NOTE -> {
                    f.add(feature(present(r.get("session_id")) ? "trap: note on a session" : "trap: note on the client"));
                    if (r.get("body") != null && r.get("body").contains("<")) {
                        f.add(feature("trap: HTML note"));
                    }
                }
                case FILE -> {
                    f.add(feature(present(r.get("path")) ? "trap: file with bytes" : "trap: file as a link"));
                    if (present(r.get("note_id"))) {
                        f.add(feature("trap: file of a note"));
                    }
                }
                default -> {
                }
            }
        }
        if (!clientSessions.isEmpty() && !packages.isEmpty()) {
            PackageLinkRebuilder.Result rebuilt = new PackageLinkRebuilder().rebuild(packages.get(clientId), clientSessions);
            if (!rebuilt.inferred().isEmpty()) {
                f.add(feature("trap: package link inferred"));
            }
            long unlinked = clientSessions.stream().filter(s -> s.packageId() == null).count();
            if (unlinked > rebuilt.inferred().size()) {
                f.add(feature("trap: package link not rebuildable"));
            }
        }
        String company = strip(client.get("company_id"));
        if (company != null && companyFeatures.containsKey(company)) {
            f.addAll(companyFeatures.get(company));
            size++;
        }
        Set<String> coaches = new TreeSet<>();
        coaches.add(email(client.get("owner_email")));
        if (client.get("co_coach_emails") != null) {
            for (String e : client.get("co_coach_emails").split(";")) {
                coaches.add(email(e));
            }
        }
        for (String e : coaches) {
            Set<Integer> cf = coachFeatures.get(e);
            if (cf != null) {
                f.addAll(cf);
                size++;
            }
        }
        out.add(new Unit("client", clientId, f, size));
    }

    /** Object type, custom fields filled and value-map entries hit by one record in {@code table}. */
    private Set<Integer> features(ProfiRecord r, String table) {
        Set<Integer> out = new HashSet<>();
        String type = r.object().typeName();
        out.add(feature("type: " + type));
        for (Map.Entry<String, String> e : r.fields().entrySet()) {
            if (e.getKey().startsWith("cf_") && present(e.getValue())) {
                out.add(feature("custom field: " + type + "." + e.getKey()));
            }
        }
        ObjectMapping om = mapping.objects().get(type);
        ObjectMapping.TargetMapping target = om == null || table == null ? null : om.targets().get(table);
        if (target != null) {
            for (Map.Entry<String, FieldMapping> e : target.fields().entrySet()) {
                if (e.getValue().values() != null && !e.getKey().contains(".")) {
                    out.addAll(valueFeatures(r, type, table, e.getKey(), r.get(e.getKey())));
                }
            }
        }
        return out;
    }

    /** The value-map entries (or the missing entry) a raw value hits in field {@code field} of {@code object}'s table. */
    private Set<Integer> valueFeatures(ProfiRecord r, String object, String table, String field, String raw) {
        Set<Integer> out = new HashSet<>();
        ObjectMapping om = mapping.objects().get(object);
        FieldMapping f = om == null || table == null || om.targets().get(table) == null ? null
                : om.targets().get(table).fields().get(field);
        if (f == null || f.values() == null || !present(raw)) {
            return out;
        }
        Object value = raw;
        List<String> transforms = f.transform() == null ? List.of() : f.transform();
        try {
            for (String t : transforms) {
                value = Transforms.apply(t, value, ZoneId.of("UTC"));
            }
        } catch (TransformException | RuntimeException e) {
            return out; // a value the mapping rejects: the record goes to the dead letters, no entry is hit
        }
        List<String> items = transforms.contains("list") ? List.of(String.valueOf(value).split(",")) : List.of(String.valueOf(value));
        for (String item : items) {
            if (item.isEmpty()) {
                continue;
            }
            out.add(feature(f.values().containsKey(item) ? "value: " + table + "." + field + " = " + item
                    : "trap: value without a target in " + table + "." + field));
        }
        return out;
    }

    private int feature(String name) {
        return featureIds.computeIfAbsent(name, n -> {
            featureNames.add(n);
            return featureNames.size() - 1;
        });
    }

    /** The table records of a (non-client) object go to: its only target, or its split's {@code atLeast}. */
    private String table(String type) {
        ObjectMapping om = mapping.objects().get(type);
        if (om == null || om.targets().isEmpty()) {
            return null;
        }
        if (om.split() != null) {
            return om.split().atLeast();
        }
        return om.targets().keySet().iterator().next();
    }

    /** Where a client with this many sessions (group participation included) goes, by the mapping's split. */
    private String clientTable(int sessions) {
        ObjectMapping om = mapping.objects().get("client");
        if (om == null) {
            return null;
        }
        ObjectMapping.Split split = om.split();
        if (split == null || !"sessions".equals(split.by())) {
            return table("client");
        }
        return sessions >= split.threshold() ? split.atLeast() : split.below();
    }

    // ---- closure ---------------------------------------------------------------------------------------------

    private void insertRoots(Connection c, long runId, List<Unit> chosen) throws SQLException {
        Map<String, List<String>> ids = new HashMap<>();
        for (Unit u : chosen) {
            ids.computeIfAbsent(u.kind, k -> new ArrayList<>()).add(u.id);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into run_sample (run_id, staged_id)
                select ?, id from staged_with_state
                where migration_id = ? and load_state in ('pending', 'loaded')
                  and ((object_type = 'client' and profi_id = any(?))
                    or (object_type = any(?) and btrim(payload ->> 'client_id') = any(?))
                    or (object_type = 'company' and profi_id = any(?))
                    or (object_type = 'coach' and profi_id = any(?))
                    or object_type = 'custom_field')
                on conflict do nothing
                """)) {
            ps.setLong(1, runId);
            ps.setLong(2, migrationId);
            Object[] clients = ids.getOrDefault("client", List.of()).toArray();
            ps.setArray(3, c.createArrayOf("text", clients));
            ps.setArray(4, c.createArrayOf("text", CLIENT_CHILDREN.toArray()));
            ps.setArray(5, c.createArrayOf("text", clients));
            ps.setArray(6, c.createArrayOf("text", ids.getOrDefault("company", List.of()).toArray()));
            ps.setArray(7, c.createArrayOf("text", ids.getOrDefault("coach", List.of()).toArray()));
            ps.executeUpdate();
        }
    }

    /** Referential closure: repeats until a round adds nothing. */
    private void close(Connection c, long runId) throws SQLException {
        int added;
        do {
            added = 0;
            for (ProfiObject object : ProfiObject.values()) {
                for (Column col : object.columns()) {
                    if (col.references() != null) {
                        added += references(c, runId, object, col);
                    }
                }
            }
            added += participants(c, runId);
            added += coaches(c, runId);
        } while (added > 0);
    }

    private int references(Connection c, long runId, ProfiObject object, Column col) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into run_sample (run_id, staged_id)
                select distinct ?, p.id
                from run_sample s
                join staged_record r on r.id = s.staged_id and r.object_type = ?
                join staged_with_state p on p.migration_id = r.migration_id and p.object_type = ?
                                     and p.profi_id = btrim(r.payload ->> ?)
                where s.run_id = ? and p.load_state in ('pending', 'loaded')
                on conflict do nothing
                """)) {
            ps.setLong(1, runId);
            ps.setString(2, object.typeName());
            ps.setString(3, col.references().typeName());
            ps.setString(4, col.name());
            ps.setLong(5, runId);
            return ps.executeUpdate();
        }
    }

    private int participants(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into run_sample (run_id, staged_id)
                select distinct ?, p.id
                from run_sample s
                join staged_record r on r.id = s.staged_id and r.object_type = 'session'
                join staged_with_state p on p.migration_id = r.migration_id and p.object_type = 'session_participant'
                                     and (p.payload ->> 'session_id') = r.profi_id
                where s.run_id = ? and p.load_state in ('pending', 'loaded')
                on conflict do nothing
                """)) {
            ps.setLong(1, runId);
            ps.setLong(2, runId);
            return ps.executeUpdate();
        }
    }

    private int coaches(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into run_sample (run_id, staged_id)
                select distinct ?, k.id from staged_with_state k
                where k.migration_id = ? and k.object_type = 'coach' and k.load_state in ('pending', 'loaded')
                  and lower(btrim(k.payload ->> 'email')) in (
                      select lower(btrim(e))
                      from run_sample s
                      join staged_record r on r.id = s.staged_id
                      cross join lateral unnest(array[r.payload ->> 'owner_email', r.payload ->> 'coach_email',
                                                      r.payload ->> 'author_email']
                                                || string_to_array(coalesce(r.payload ->> 'co_coach_emails', ''), ';')) as e
                      where s.run_id = ? and e is not null and btrim(e) <> '')
                on conflict do nothing
                """)) {
            ps.setLong(1, runId);
            ps.setLong(2, migrationId);
            ps.setLong(3, runId);
            return ps.executeUpdate();
        }
    }

    private static Map<String, Long> counts(Connection c, long runId) throws SQLException {
        Map<String, Long> byType = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select r.object_type, count(*) from run_sample s join staged_record r on r.id = s.staged_id
                where s.run_id = ? group by 1
                """)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byType.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (ProfiObject o : ProfiObject.values()) {
            if (byType.containsKey(o.typeName())) {
                ordered.put(o.typeName(), byType.get(o.typeName()));
            }
        }
        return ordered;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private ZoneId exportZone(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select timezone from source_export where migration_id = ? and timezone is not null order by id desc limit 1")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? ZoneId.of(rs.getString(1)) : ZoneId.of("UTC");
            }
        }
    }

    /** A fixed pseudo-random order (the same sample for the same data), spread over the whole export. */
    private static long mix(String id) {
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String strip(String s) {
        return present(s) ? s.strip() : null;
    }

    private static String email(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    private static Instant instant(String raw, ZoneId zone) {
        if (!present(raw)) {
            return null;
        }
        try {
            return ProfiTimestamps.parse(raw.strip(), zone);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Integer integer(String raw) {
        try {
            return present(raw) ? Integer.valueOf(raw.strip()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
