package org.profid365.migrator.dataverse;

import java.util.UUID;

/**
 * The answer of {@code GET WhoAmI}, the cheap connectivity check, with the {@code x-ms-dop-hint} every response
 * carries (0 when absent). [webapi/compose-http-requests-handle-errors; send-parallel-requests]
 */
public record WhoAmI(UUID userId, UUID businessUnitId, UUID organizationId, int dopHint) {
}
