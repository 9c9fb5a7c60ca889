package org.profid365.migrator.mapping;

import java.util.List;
import java.util.Optional;
import org.profid365.migrator.profi.ProfiRecord;

/**
 * What the rules may read besides the record itself: the other staged Profi records. The load stage implements it
 * over the staging store; tests implement it with maps.
 */
public interface RelatedRecords {

    /** The record of {@code objectType} ({@code program}, {@code invoice}, ...) with this Profi id, if staged. */
    Optional<ProfiRecord> get(String objectType, String profiId);

    /** The {@code session_participant} rows of a session (the extra clients of a group session). */
    List<ProfiRecord> participants(String sessionId);

    /** The table a client went to: {@code contact} or {@code lead}. */
    String clientTable(String clientId);

    /** The package rebuilt for a session whose {@code package_id} is empty ({@link PackageLinkRebuilder}), if any. */
    Optional<String> inferredPackage(String sessionId);

    /** Whether any payment points at this invoice (an invoice without one becomes its own payment row). */
    boolean hasPayments(String invoiceId);

    /**
     * The enabled Dynamics user whose email this is, as owner resolution matched it (the fallback owner does not
     * count: a coach profile links only to the coach's own user). Empty when unmatched or disabled.
     */
    default Optional<java.util.UUID> enabledUser(String email) {
        return Optional.empty();
    }
}
