package org.profid365.migrator.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.profid365.migrator.config.ConfigurationException;
import org.profid365.migrator.dataverse.ODataLiteral;
import org.profid365.migrator.dataverse.ODataQuery;
import org.profid365.migrator.dataverse.RecordReader;
import org.profid365.migrator.mapping.OwnerResolution.Fallback;
import org.profid365.migrator.pipeline.MigratorContext;

/**
 * Matches every owner, coach and author email of the staged Profi data to a Dynamics {@code systemuser} by
 * {@code internalemailaddress} (trimmed, case-insensitive), sends the records of unmatched and disabled emails to the
 * fallback owner, and stores the outcome in {@code owner_resolution} for the load stages (object map row 10).
 */
public final class OwnerResolver {

    /** Where owners appear, in load order: object type and the column holding the email. */
    private static final List<String[]> OWNER_COLUMNS = List.of(
            new String[] {"coach", "email"},
            new String[] {"company", "owner_email"},
            new String[] {"client", "owner_email"},
            new String[] {"session", "coach_email"},
            new String[] {"note", "author_email"});
    private static final String LIVE = "load_state not in ('rejected', 'deleted')";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MigratorContext ctx;
    private final RecordReader reader;
    private final int chunkSize;

    public OwnerResolver(MigratorContext ctx, RecordReader reader) {
        this.ctx = ctx;
        this.reader = reader;
        this.chunkSize = ctx.config().getInt("migrator.owners.query-chunk-size", 20);
        if (chunkSize < 1 || chunkSize > 100) {
            throw new ConfigurationException("migrator.owners.query-chunk-size must be between 1 and 100, not " + chunkSize);
        }
    }

    /** Trimmed and lower-case: the form emails are compared and stored in. */
    public static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Reads the staged emails, asks Dataverse for their users, stores and returns the resolution. */
    public OwnerResolution resolve() throws SQLException {
        Map<String, Map<String, Long>> owned = ownedCounts();
        Map<String, Long> coCoached = coCoachCounts();
        List<String[]> coachRows = coachProfiles();

        String fallbackEmail = normalise(ctx.config().get("migrator.owners.fallback", ""));
        TreeSet<String> emails = new TreeSet<>(owned.keySet());
        emails.addAll(coCoached.keySet());
        coachRows.forEach(r -> emails.add(r[1]));
        TreeSet<String> lookup = new TreeSet<>(emails);
        if (!fallbackEmail.isEmpty()) {
            lookup.add(fallbackEmail);
        }
        Instant resolvedAt = Instant.now();
        Map<String, SystemUser> users = users(lookup);

        Fallback fallback = null;
        List<String> reasons = new ArrayList<>();
        if (!fallbackEmail.isEmpty()) {
            SystemUser u = users.get(fallbackEmail);
            fallback = new Fallback(fallbackEmail, statusOf(u), u == null ? null : u.id(), u == null ? null : u.fullName());
            if (!fallback.usable()) {
                reasons.add("The fallback owner " + fallbackEmail + " (migrator.owners.fallback) "
                        + (u == null ? "has no Dynamics user" : "is a disabled Dynamics user")
                        + ": it must be an enabled user.");
            }
        }
        UUID fallbackId = fallback != null && fallback.usable() ? fallback.systemUserId() : null;

        Map<String, List<String>> coachIdsByEmail = new TreeMap<>();
        coachRows.forEach(r -> coachIdsByEmail.computeIfAbsent(r[1], k -> new ArrayList<>()).add(r[0]));
        List<OwnerMatch> owners = new ArrayList<>();
        for (String email : emails) {
            SystemUser u = users.get(email);
            OwnerStatus status = statusOf(u);
            UUID resolvedTo = status == OwnerStatus.MATCHED ? u.id() : fallbackId;
            owners.add(new OwnerMatch(email, status, u == null ? null : u.id(), u == null ? null : u.fullName(), resolvedTo,
                    owned.getOrDefault(email, Map.of()), coCoached.getOrDefault(email, 0L),
                    coachIdsByEmail.getOrDefault(email, List.of())));
        }
        List<OwnerMatch> blocking = owners.stream().filter(OwnerMatch::blocksLoad).toList();
        if (!blocking.isEmpty()) {
            reasons.add(blocking.size() + " owner(s) have no enabled Dynamics user and there is no usable fallback owner "
                    + "(set migrator.owners.fallback / MIGRATOR_FALLBACK_OWNER): " + blocking.stream()
                    .map(o -> o.email() + " (" + o.status().code() + ", " + o.ownedRecords() + " records)")
                    .collect(Collectors.joining(", ")) + ".");
        }

        List<CoachLink> coaches = new ArrayList<>();
        for (String[] r : coachRows) {
            SystemUser u = users.get(r[1]);
            coaches.add(new CoachLink(r[0], r[1], r[2], statusOf(u), u == null ? null : u.id()));
        }
        coaches.sort(Comparator.comparing(CoachLink::profiId));

        OwnerResolution resolution = new OwnerResolution(ctx.migration().name(), resolvedAt, owners, coaches, fallback,
                reasons.isEmpty(), reasons);
        save(resolution);
        return resolution;
    }

    private static OwnerStatus statusOf(SystemUser u) {
        return u == null ? OwnerStatus.UNMATCHED : u.disabled() ? OwnerStatus.DISABLED : OwnerStatus.MATCHED;
    }

    // ---- staged data ---------------------------------------------------------------------------------------------

    /** Email → object type → records owned, in load order of the types. */
    private Map<String, Map<String, Long>> ownedCounts() throws SQLException {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        try (Connection c = ctx.store().connection()) {
            for (String[] oc : OWNER_COLUMNS) {
                String sql = "select payload ->> ? as email, count(*) from staged_with_state where migration_id = ? "
                        + "and object_type = ? and " + LIVE + " and coalesce(btrim(payload ->> ?), '') <> '' group by 1";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, oc[1]);
                    ps.setLong(2, ctx.migration().id());
                    ps.setString(3, oc[0]);
                    ps.setString(4, oc[1]);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(normalise(rs.getString(1)), k -> new LinkedHashMap<>())
                                    .merge(oc[0], rs.getLong(2), Long::sum);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Email → clients listing it in {@code co_coach_emails} ({@code ;}-separated; commas tolerated). */
    private Map<String, Long> coCoachCounts() throws SQLException {
        Map<String, java.util.Set<Long>> clients = new TreeMap<>();
        String sql = "select id, payload ->> 'co_coach_emails' from staged_with_state where migration_id = ? "
                + "and object_type = 'client' and " + LIVE + " and coalesce(btrim(payload ->> 'co_coach_emails'), '') <> ''";
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    for (String part : rs.getString(2).split("[;,]")) {
                        String email = normalise(part);
                        if (!email.isEmpty()) {
                            clients.computeIfAbsent(email, k -> new java.util.HashSet<>()).add(id);
                        }
                    }
                }
            }
        }
        Map<String, Long> out = new TreeMap<>();
        clients.forEach((email, ids) -> out.put(email, (long) ids.size()));
        return out;
    }

    /** Coach profiles with an email: {profi id, email, name}. */
    private List<String[]> coachProfiles() throws SQLException {
        List<String[]> out = new ArrayList<>();
        String sql = "select profi_id, payload ->> 'email', btrim(coalesce(payload ->> 'first_name', '') || ' ' "
                + "|| coalesce(payload ->> 'last_name', '')) from staged_with_state where migration_id = ? "
                + "and object_type = 'coach' and " + LIVE + " and coalesce(btrim(payload ->> 'email'), '') <> '' order by profi_id";
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, ctx.migration().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), normalise(rs.getString(2)), rs.getString(3)});
                }
            }
        }
        return out;
    }

    // ---- Dataverse -----------------------------------------------------------------------------------------------

    private record SystemUser(UUID id, String email, boolean disabled, String fullName) {
    }

    /**
     * Users by normalised email, a few emails per request joined with {@code or}. Where several users share an email
     * an enabled one wins, then the lowest id, so reruns pick the same user.
     */
    private Map<String, SystemUser> users(TreeSet<String> emails) {
        Map<String, SystemUser> out = new TreeMap<>();
        List<String> all = new ArrayList<>(emails);
        for (int from = 0; from < all.size(); from += chunkSize) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + chunkSize));
            String filter = chunk.stream().map(e -> "internalemailaddress eq " + ODataLiteral.string(e))
                    .collect(Collectors.joining(" or "));
            ODataQuery q = ODataQuery.from("systemusers").select("systemuserid", "internalemailaddress", "isdisabled", "fullname")
                    .filter(filter);
            for (ObjectNode row : reader.readAll(q)) {
                String email = normalise(row.path("internalemailaddress").asText(""));
                // Dataverse compares case-insensitively already; this guards against a collation that does not
                if (!chunk.contains(email)) {
                    continue;
                }
                SystemUser u = new SystemUser(UUID.fromString(row.path("systemuserid").asText()), email,
                        row.path("isdisabled").asBoolean(false), row.path("fullname").isNull() ? null : row.path("fullname").asText(null));
                out.merge(email, u, OwnerResolver::preferred);
            }
        }
        return out;
    }

    private static SystemUser preferred(SystemUser a, SystemUser b) {
        if (a.disabled() != b.disabled()) {
            return a.disabled() ? b : a;
        }
        return a.id().toString().compareTo(b.id().toString()) <= 0 ? a : b;
    }

    // ---- state store ---------------------------------------------------------------------------------------------

    /** Replaces the migration's rows in one transaction, so readers never see half a resolution. */
    private void save(OwnerResolution r) throws SQLException {
        try (Connection c = ctx.store().connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement("delete from owner_resolution where migration_id = ?")) {
                    del.setLong(1, ctx.migration().id());
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement("insert into owner_resolution (migration_id, email, status, "
                        + "systemuser_id, resolved_to, record_counts, co_coached_clients, is_coach, resolved_at) "
                        + "values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
                    for (OwnerMatch o : r.owners()) {
                        ObjectNode counts = JSON.createObjectNode();
                        o.recordCounts().forEach(counts::put);
                        ins.setLong(1, ctx.migration().id());
                        ins.setString(2, o.email());
                        ins.setString(3, o.status().code());
                        ins.setObject(4, o.systemUserId());
                        ins.setObject(5, o.resolvedTo());
                        ins.setString(6, counts.toString());
                        ins.setLong(7, o.coCoachedClients());
                        ins.setBoolean(8, o.isCoach());
                        ins.setTimestamp(9, Timestamp.from(r.resolvedAt()));
                        ins.addBatch();
                    }
                    ins.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** The stored resolution's owner of an email's records, for the load stages; empty when none was resolved. */
    public static Optional<UUID> storedOwner(MigratorContext ctx, String email) throws SQLException {
        try (Connection c = ctx.store().connection(); PreparedStatement ps = c.prepareStatement(
                "select resolved_to from owner_resolution where migration_id = ? and email = ?")) {
            ps.setLong(1, ctx.migration().id());
            ps.setString(2, normalise(email));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }
}
