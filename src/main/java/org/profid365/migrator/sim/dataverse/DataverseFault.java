package org.profid365.migrator.sim.dataverse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A refusal the simulator answers as Dataverse does: HTTP status plus {@code {"error":{"code","message"}}}. */
class DataverseFault extends RuntimeException {

    static final String NOT_FOUND_CODE = "0x80040217";
    static final String DUPLICATE_CODE = "0x80040237";
    static final String VALIDATION_CODE = "0x80044331";
    static final String BAD_CHOICE_CODE = "0x8004431A";
    static final String BAD_PAYLOAD_CODE = "0x80048d19";
    static final String DISABLED_USER_CODE = "0x80040225";
    static final String ATTACHMENT_TOO_BIG_CODE = "0x80044a02";
    static final String INVALID_ARGUMENT_CODE = "0x80040203";
    static final String KEY_VIOLATION_CODE = "0x80060892";
    static final String REFERENCE_UPDATE_CODE = "0x80060888";
    static final String VERSION_MISMATCH_CODE = "0x80060882";
    static final String SEGMENT_NOT_FOUND_CODE = "0x8006088a";
    static final String KEY_NOT_USABLE_CODE = "0x80060891";
    static final String CUSTOMIZATION_LOCK_CODE = "0x80071151";
    static final String REQUESTS_LIMIT_CODE = "0x80072322";
    static final String EXECUTION_LIMIT_CODE = "0x80072321";
    static final String CONCURRENCY_LIMIT_CODE = "0x80072326";
    static final String ODATA_CODE = "0x0";
    /** CannotDeleteInUseComponent [reference/web-service-error-codes]. */
    static final String IN_USE_COMPONENT_CODE = "0x8004F01F";

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    DataverseFault(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    DataverseFault(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = new LinkedHashMap<>(headers);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    // ---- the documented errors, one factory each -------------------------------------------------------------

    static DataverseFault badRequest(String code, String message) {
        return new DataverseFault(400, code, message);
    }

    static DataverseFault recordMissing(String table, UUID id) {
        return new DataverseFault(404, NOT_FOUND_CODE, "Entity '" + table + "' With Id = " + id + " Does Not Exist");
    }

    static DataverseFault duplicate(int status) {
        return new DataverseFault(status, DUPLICATE_CODE, "A record with matching key values already exists.");
    }

    static DataverseFault segmentNotFound(String segment) {
        return new DataverseFault(404, SEGMENT_NOT_FOUND_CODE, "Resource not found for the segment '" + segment + "'.");
    }

    static DataverseFault noResource(String uri) {
        return new DataverseFault(404, "", "No HTTP resource was found that matches the request URI '" + uri + "'.");
    }

    /** $select, $filter, $orderby naming a property the type lacks [web-api-client-errors]. */
    static DataverseFault unknownQueryProperty(String name, String typeName) {
        return badRequest(ODATA_CODE, "Could not find a property named '" + name + "' on type 'Microsoft.Dynamics.CRM."
                + typeName + "'.");
    }

    /** A body naming a property the entity type lacks [web-api-client-errors, "Invalid property"]. */
    static DataverseFault unknownBodyProperty(String name, String table) {
        return badRequest(ODATA_CODE, "An error occurred while validating input parameters: Microsoft.Crm.CrmException: "
                + "Invalid property '" + name + "' was found in entity 'Microsoft.Dynamics.CRM." + table + "'. ---> "
                + "Microsoft.OData.ODataException: Does not support untyped value in non-open type.");
    }

    /** A {@code x@odata.bind} whose x is no single-valued navigation property [web-api-client-errors]. */
    static DataverseFault undeclaredNavigation(String name, String entitySet) {
        return badRequest(BAD_PAYLOAD_CODE, "Error identified in Payload provided by the user for Entity :'" + entitySet
                + "', For more information on this error please follow this help link "
                + "https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : "
                + "Microsoft.OData.ODataException: An undeclared property '" + name + "' which only has property "
                + "annotations in the payload but no property value was found in the payload. In OData, only declared "
                + "navigation properties and declared named streams can be represented as properties without values.");
    }

    static DataverseFault badPayload(String entitySet, String inner) {
        return badRequest(BAD_PAYLOAD_CODE, "Error identified in Payload provided by the user for Entity :'" + entitySet
                + "', For more information on this error please follow this help link "
                + "https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : " + inner);
    }

    /** A value the OData reader cannot turn into the property's EDM type. */
    static DataverseFault notConvertible(String literal, String edmType) {
        return badRequest(ODATA_CODE, "An error occurred while validating input parameters: "
                + "Microsoft.OData.ODataException: Cannot convert the literal '" + literal + "' to the expected type '"
                + edmType + "'.");
    }

    static DataverseFault wrongNode(String property, String found) {
        return badRequest(ODATA_CODE, "An error occurred while validating input parameters: "
                + "Microsoft.OData.ODataException: An unexpected '" + found + "' node was found for property named '"
                + property + "' when reading from the JSON reader. A 'PrimitiveValue' node was expected.");
    }

    static DataverseFault tooLong(String column, String table, int max) {
        return badRequest(VALIDATION_CODE, "A validation error occurred.  The length of the '" + column + "' attribute of the '"
                + table + "' entity exceeded the maximum allowed length of '" + max + "'.");
    }

    static DataverseFault outOfRange(String column, String table, Object value) {
        return badRequest(VALIDATION_CODE, "A validation error occurred.  The value " + value + " of '" + column
                + "' on record of type '" + table + "' is outside the valid range.");
    }

    static DataverseFault badChoice(String column, String table, Object value, String accepted) {
        return badRequest(BAD_CHOICE_CODE, "A validation error occurred. The value " + value + " of '" + column
                + "' on record of type '" + table + "' is outside the valid range. Accepted Values: " + accepted);
    }

    static DataverseFault disabledUser(UUID id) {
        return badRequest(DISABLED_USER_CODE, "The specified user(Id = " + id + ", type = 8) is disabled. "
                + "Consider enabling this user.");
    }

    static DataverseFault attachmentTooBig() {
        return badRequest(ATTACHMENT_TOO_BIG_CODE,
                "The attachment is either not a valid type or is too large. It cannot be uploaded or downloaded.");
    }

    /**
     * A schema component other components still reference. Code and message template are CannotDeleteInUseComponent
     * of Microsoft's web service error codes page ("The {0}({1}) component cannot be deleted because it is referenced
     * by {2} other components. For a list of referenced components, use the RetrieveDependenciesForDeleteRequest.");
     * the page gives no HTTP status, so 400 is ours, as for every other refusal of a request's content.
     */
    static DataverseFault inUse(String componentType, java.util.UUID id, int dependents) {
        return badRequest(IN_USE_COMPONENT_CODE, "The " + componentType + "(" + id + ") component cannot be deleted "
                + "because it is referenced by " + dependents + " other components. For a list of referenced components, "
                + "use the RetrieveDependenciesForDeleteRequest.");
    }

    static DataverseFault invalidArgument(String message) {
        return badRequest(INVALID_ARGUMENT_CODE, message);
    }
}
