package org.profid365.migrator.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where every Profi owner's records will go in Dynamics, the coach profiles' user links, and whether loading may
 * start.
 *
 * @param migration   the migration's name
 * @param resolvedAt  when the users were read
 * @param owners      one entry per distinct email, sorted by email
 * @param coaches     one entry per coach profile, sorted by Profi id
 * @param fallback    the configured fallback owner, or null when none is configured
 * @param preflightOk false when some records have no owner to go to, or the configured fallback is unusable
 * @param reasons     why the preflight failed, one sentence each; empty when it passed
 */
public record OwnerResolution(String migration, Instant resolvedAt, List<OwnerMatch> owners, List<CoachLink> coaches,
        Fallback fallback, boolean preflightOk, List<String> reasons) {

    public OwnerResolution {
        owners = List.copyOf(owners);
        coaches = List.copyOf(coaches);
        reasons = List.copyOf(reasons);
    }

    /**
     * The configured fallback owner.
     *
     * @param email        trimmed, lower-case
     * @param status       how it resolved; only {@code MATCHED} is usable
     * @param systemUserId its user, or null when unmatched
     * @param fullName     its user's full name, or null
     */
    public record Fallback(String email, OwnerStatus status, UUID systemUserId, String fullName) {
        public boolean usable() {
            return status == OwnerStatus.MATCHED;
        }
    }

    public Optional<OwnerMatch> owner(String email) {
        String key = OwnerResolver.normalise(email);
        return owners.stream().filter(o -> o.email().equals(key)).findFirst();
    }

    public Optional<CoachLink> coach(String profiId) {
        return coaches.stream().filter(c -> c.profiId().equals(profiId)).findFirst();
    }

    public long count(OwnerStatus status) {
        return owners.stream().filter(o -> o.status() == status).count();
    }
}
