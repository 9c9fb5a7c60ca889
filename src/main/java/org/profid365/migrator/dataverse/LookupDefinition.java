package org.profid365.migrator.dataverse;

/**
 * A created one-to-many relationship: the lookup column on the many side and the navigation property to bind it
 * with ({@code <navigationProperty>@odata.bind}), read back rather than guessed because it is case-sensitive.
 * [associate-disassociate-entities-using-web-api]
 */
public record LookupDefinition(String relationshipSchemaName, String referencingAttribute, String navigationProperty) {
}
