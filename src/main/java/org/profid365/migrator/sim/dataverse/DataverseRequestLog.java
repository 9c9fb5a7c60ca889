package org.profid365.migrator.sim.dataverse;

import java.time.Instant;

/**
 * One request the Dataverse simulator answered, for tests to assert on.
 *
 * @param method  the HTTP method
 * @param path    the raw path and query as sent ({@code /api/data/v9.2/contacts?$select=fullname})
 * @param status  the status answered; 0 when the connection was dropped on purpose
 * @param appUser the application user of the bearer token, null when unauthenticated
 * @param start   when the request arrived
 * @param end     when the answer was sent
 * @param records the records the request carried (1 for single operations, the Targets of a bulk call, the sum of
 *                a $batch's parts); they drive the simulated execution time
 * @param retryAfter the {@code Retry-After} answered (429, 503), null when none: with {@link #end()} it says when
 *                   the client may send again
 * @param body    the request body of a write, when {@link DataverseSimOptions#logRequestBodies()} is on; else null
 */
public record DataverseRequestLog(String method, String path, int status, String appUser, Instant start, Instant end,
                                  int records, String retryAfter, String body) {

    public DataverseRequestLog(String method, String path, int status, String appUser, Instant start, Instant end,
                               int records, String retryAfter) {
        this(method, path, status, appUser, start, end, records, retryAfter, null);
    }
}
