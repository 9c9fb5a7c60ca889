package org.profid365.migrator.sim.dataverse;

import java.util.UUID;

/**
 * An application user a token authenticates as; each has its own service protection budget.
 *
 * @param name         the name given to {@code issueToken}
 * @param systemUserId its systemuser row
 */
record AppUser(String name, UUID systemUserId) {
}
