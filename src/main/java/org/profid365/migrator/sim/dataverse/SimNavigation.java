package org.profid365.migrator.sim.dataverse;

import java.util.List;

/**
 * A single-valued navigation property usable with {@code @odata.bind}.
 *
 * @param name    the property name, case-sensitive ({@code parentcustomerid_account}, {@code profi_CoachId})
 * @param column  the lookup column it sets
 * @param targets the tables it may point at
 */
record SimNavigation(String name, String column, List<String> targets) {
}
