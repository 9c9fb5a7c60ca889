package org.profid365.migrator.dataverse;

/**
 * One one-to-many relationship of a table as the metadata API describes it: the many side's table, lookup column and
 * navigation property, and what deleting the one side does to the many side ({@code Cascade}, {@code RemoveLink},
 * {@code Restrict}). [webapi/create-update-entity-relationships-using-web-api]
 */
public record OneToManyRelationship(String schemaName, String referencedEntity, String referencingEntity,
                                    String referencingAttribute, String navigationProperty, String deleteCascade) {

    /** Deleting a record of the one side deletes the records of the many side that point at it. */
    public boolean cascadesDelete() {
        return "Cascade".equals(deleteCascade);
    }
}
