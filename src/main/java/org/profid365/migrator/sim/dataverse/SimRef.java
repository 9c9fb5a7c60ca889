package org.profid365.migrator.sim.dataverse;

import java.util.UUID;

/**
 * A lookup value: the table and id it points at.
 *
 * @param table the target's logical name
 * @param id    the target's primary key
 */
record SimRef(String table, UUID id) {
}
