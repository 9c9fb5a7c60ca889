package org.profid365.migrator.mapping;

import java.util.UUID;

/**
 * A Profi coach profile and the Dynamics user its {@code <p>_coach} row links to through {@code <p>_userid}.
 *
 * @param profiId      the coach record's id
 * @param email        trimmed, lower-case
 * @param name         first and last name as exported
 * @param status       how the email resolved
 * @param systemUserId the user (enabled or disabled) with that email, or null
 */
public record CoachLink(String profiId, String email, String name, OwnerStatus status, UUID systemUserId) {

    /** Only an enabled user is linked; a disabled one is reported but not linked. */
    public boolean linked() {
        return status == OwnerStatus.MATCHED;
    }
}
