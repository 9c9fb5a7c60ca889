package org.profid365.migrator.sim;

import java.time.Instant;

/**
 * One request the Profi API simulator answered, for tests to assert on.
 *
 * @param method   the HTTP method
 * @param target   the raw path and query, as sent ({@code /v1/clients?page_size=3})
 * @param status   the status code answered
 * @param received when the request arrived
 */
public record RequestLogEntry(String method, String target, int status, Instant received) {
}
