package org.profid365.migrator.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rebuilds the package of sessions whose {@code package_id} is empty, by the rule of profi-source.md: same client and
 * service, start inside the package's purchase..expiry window, and room left in the package; oldest session first,
 * earliest-purchased package first.
 *
 * <p>It works on one client's packages and sessions at a time, so callers stream clients and keep one in memory.
 * A package without {@code sessions_included} has no cap; one without {@code purchased_at} cannot be placed in time
 * and matches nothing; one without {@code expires_at} never expires. Sessions already linked in the export count
 * against their package's room whatever their status.
 */
public final class PackageLinkRebuilder {

    private static final Comparator<ClientPackage> EARLIEST_PURCHASED = Comparator
            .comparing(ClientPackage::purchasedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ClientPackage::id);
    private static final Comparator<ClientSession> OLDEST = Comparator
            .comparing(ClientSession::startAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ClientSession::id);

    /**
     * A package a client bought.
     *
     * @param sessionsIncluded how many sessions it pays for; null when the export does not say (no cap)
     */
    public record ClientPackage(String id, String clientId, String serviceId, Instant purchasedAt, Instant expiresAt,
                                Integer sessionsIncluded) {
        public ClientPackage {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * A session of the client.
     *
     * @param packageId the package the export names, or null when the cell was empty
     */
    public record ClientSession(String id, String clientId, String serviceId, String packageId, Instant startAt) {
        public ClientSession {
            Objects.requireNonNull(id, "id");
        }

        boolean needsLink() {
            return packageId == null || packageId.isBlank();
        }
    }

    /**
     * What the rule decided for the sessions without a package.
     *
     * @param inferred   session id → package id, in the order the links were made (oldest session first)
     * @param unresolved ids of the sessions no package fits, oldest first
     */
    public record Result(Map<String, String> inferred, List<String> unresolved) {
        public Result {
            inferred = Collections.unmodifiableMap(new LinkedHashMap<>(inferred));
            unresolved = List.copyOf(unresolved);
        }
    }

    /** Links each session without a package to the first package that fits and still has room. */
    public Result rebuild(List<ClientPackage> packages, List<ClientSession> sessions) {
        List<ClientPackage> byPurchase = new ArrayList<>(packages);
        byPurchase.sort(EARLIEST_PURCHASED);
        Map<String, Integer> used = new HashMap<>();
        for (ClientSession s : sessions) {
            if (!s.needsLink()) {
                used.merge(s.packageId().trim(), 1, Integer::sum);
            }
        }
        List<ClientSession> open = new ArrayList<>();
        for (ClientSession s : sessions) {
            if (s.needsLink()) {
                open.add(s);
            }
        }
        open.sort(OLDEST);
        Map<String, String> inferred = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        for (ClientSession s : open) {
            ClientPackage match = null;
            for (ClientPackage p : byPurchase) {
                if (fits(s, p) && hasRoom(p, used)) {
                    match = p;
                    break;
                }
            }
            if (match == null) {
                unresolved.add(s.id());
            } else {
                inferred.put(s.id(), match.id());
                used.merge(match.id(), 1, Integer::sum);
            }
        }
        return new Result(inferred, unresolved);
    }

    private static boolean fits(ClientSession s, ClientPackage p) {
        if (s.startAt() == null || p.purchasedAt() == null) {
            return false;
        }
        return s.clientId() != null && s.clientId().equals(p.clientId())
                && s.serviceId() != null && s.serviceId().equals(p.serviceId())
                && !s.startAt().isBefore(p.purchasedAt())
                && (p.expiresAt() == null || !s.startAt().isAfter(p.expiresAt()));
    }

    private static boolean hasRoom(ClientPackage p, Map<String, Integer> used) {
        return p.sessionsIncluded() == null || used.getOrDefault(p.id(), 0) < p.sessionsIncluded();
    }
}
