package org.profid365.migrator.sim.dataverse;

/**
 * A one-to-many relationship and what deleting the referenced (parent) record does to the referencing rows.
 *
 * @param name        schema name ({@code contact_customer_accounts})
 * @param referenced  the parent table
 * @param referencing the child table
 * @param column      the child's lookup column
 * @param delete      {@code Cascade}, {@code RemoveLink} or {@code Restrict}
 * @param solution    the solution it was created in, null for standard ones
 * @param navigation  the referencing table's navigation property for it, null when derived from the table
 */
record SimRelationship(String name, String referenced, String referencing, String column, String delete,
                       String solution, String navigation) {
}
