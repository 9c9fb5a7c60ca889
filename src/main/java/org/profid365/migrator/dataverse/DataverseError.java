package org.profid365.migrator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One failed Dataverse operation: HTTP status, Dataverse error code (such as {@code 0x80040237}), message, and
 * whether asking again later can succeed. Status 0 means no HTTP answer arrived (time-out, reset, no token).
 *
 * @param status    HTTP status, or 0 when the request got no answer
 * @param code      the {@code error.code} of the body, or empty when the body had none (or {@code 0x0})
 * @param message   the {@code error.message} of the body, else a description of what happened
 * @param retryable true for 429, 503, time-outs and connection resets only [api-limits]
 * @param requestId the service request id of the answer, for Microsoft support; may be null
 */
public record DataverseError(int status, String code, String message, boolean retryable, String requestId) {

    /** Record does not exist. [dataverse.md Errors] */
    public static final String DOES_NOT_EXIST = "0x80040217";
    /** Duplicate record (If-None-Match: * on an existing row). [perform-conditional-operations-using-web-api] */
    public static final String DUPLICATE = "0x80040237";

    /** Service protection: too many requests in the window. [api-limits] */
    public static final String REQUESTS_LIMIT = "0x80072322";
    /** Service protection: combined execution time over the window's budget. [api-limits] */
    public static final String EXECUTION_TIME_LIMIT = "0x80072321";

    /**
     * Whether a throttled answer means "fewer at a time": a 429 does, except for the two window budgets (requests,
     * execution time), which bound how much per window whatever the concurrency; their Retry-After already paces
     * the user, and halving the concurrency as well left the budget unused once requests take long. [api-limits]
     */
    public static boolean meansTooManyAtOnce(int status, String code) {
        return status == 429 && !REQUESTS_LIMIT.equalsIgnoreCase(code) && !EXECUTION_TIME_LIMIT.equalsIgnoreCase(code);
    }

    /**
     * Where Dataverse's validation and OData messages name the column they refuse: "The length of the 'x' attribute",
     * "The value 7 of 'x' on record of type", "Invalid property 'x' was found", "An undeclared property 'x'", "for
     * property named 'x'", "The 'x' attribute is not valid", "The navigation property 'x'".
     */
    private static final List<Pattern> COLUMN_IN_MESSAGE = List.of(
            Pattern.compile("length of the '([A-Za-z0-9_@.]+)' attribute"),
            Pattern.compile("of '([A-Za-z0-9_@.]+)' on record of type"),
            Pattern.compile("Invalid property '([A-Za-z0-9_@.]+)' was found"),
            Pattern.compile("undeclared property '([A-Za-z0-9_@.]+)'"),
            Pattern.compile("for property named '([A-Za-z0-9_@.]+)'"),
            Pattern.compile("The '([A-Za-z0-9_@.]+)' attribute is not valid"),
            Pattern.compile("navigation property '([A-Za-z0-9_@.]+)'"));

    public DataverseError {
        code = code == null ? "" : code;
        message = message == null ? "" : message;
    }

    /** The column the message names as the one refused, or null when it names none (the dead letter's field). */
    public String refusedColumn() {
        for (Pattern p : COLUMN_IN_MESSAGE) {
            Matcher m = p.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * Decodes {@code {"error":{"code","message"}}}; the code may be empty or {@code 0x0}, in which case the status
     * alone tells what happened. [webapi/compose-http-requests-handle-errors]
     */
    public static DataverseError fromResponse(int status, String body, String requestId) {
        String code = "";
        String message = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode error = DataverseJson.MAPPER.readTree(body).path("error");
                code = error.path("code").asText("");
                message = error.path("message").asText(null);
            } catch (Exception notJson) {
                message = body.length() > 500 ? body.substring(0, 500) + "…" : body;
            }
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + status + " without an error message";
        }
        return new DataverseError(status, code, message, isRetryableStatus(status), requestId);
    }

    /** Only throttling (429) and "server busy" (503) can succeed when sent again. [api-limits] */
    public static boolean isRetryableStatus(int status) {
        return status == 429 || status == 503;
    }

    /** No answer arrived: a time-out or reset is worth another try, other transport failures are not. */
    public static DataverseError transport(String message, boolean retryable) {
        return new DataverseError(0, "", message, retryable, null);
    }

    /** Entra ID gave no token; asking Dataverse cannot help. */
    public static DataverseError authentication(String message) {
        return new DataverseError(401, "", message, false, null);
    }

    /** A copy that says the retries were used up; the record may still succeed in a later run. */
    DataverseError gaveUp(String why) {
        return new DataverseError(status, code, message + " (" + why + ")", retryable, requestId);
    }

    /** The code, or the status when the body gave none. */
    public String codeOrStatus() {
        return code.isEmpty() || code.equals("0x0") ? "HTTP " + status : code;
    }

    @Override
    public String toString() {
        return codeOrStatus() + (code.isEmpty() || code.equals("0x0") ? "" : " (HTTP " + status + ")") + ": " + message
                + (requestId == null ? "" : " [request " + requestId + "]");
    }
}
