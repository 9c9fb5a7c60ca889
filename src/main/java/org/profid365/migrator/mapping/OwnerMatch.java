package org.profid365.migrator.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Profi email and where the records it owns will go.
 *
 * @param email             trimmed, lower-case
 * @param status            how it resolved
 * @param systemUserId      the user with this email (enabled or disabled), or null when unmatched
 * @param fullName          that user's full name, or null
 * @param resolvedTo        the user that will own the records: its own when matched, else the fallback; null when
 *                          no usable fallback exists
 * @param recordCounts      records it owns per Profi object type (coach, company, client, session, note), zero types left out
 * @param coCoachedClients  clients listing it as co-coach; these never make it an owner
 * @param coachProfileIds   the Profi coach records with this email
 */
public record OwnerMatch(String email, OwnerStatus status, UUID systemUserId, String fullName, UUID resolvedTo,
        Map<String, Long> recordCounts, long coCoachedClients, List<String> coachProfileIds) {

    public OwnerMatch {
        recordCounts = Collections.unmodifiableMap(new LinkedHashMap<>(recordCounts)); // keeps the load order
        coachProfileIds = List.copyOf(coachProfileIds);
    }

    /** Records it owns, all types together. */
    public long ownedRecords() {
        return recordCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Its records go to the fallback owner rather than to its own user. */
    public boolean fallsBack() {
        return status != OwnerStatus.MATCHED;
    }

    public boolean isCoach() {
        return !coachProfileIds.isEmpty();
    }

    /** Owns records that have nowhere to go: no enabled user of its own and no usable fallback. */
    public boolean blocksLoad() {
        return resolvedTo == null && ownedRecords() > 0;
    }
}
