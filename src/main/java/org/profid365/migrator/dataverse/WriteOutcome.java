package org.profid365.migrator.dataverse;

import java.util.UUID;

/**
 * What happened to one record: the caller's key, the Dataverse id (known on success, and on failure when the
 * caller set it), success or the {@link DataverseError}, the service request id for support, and the application
 * user that sent it.
 */
public record WriteOutcome(String key, UUID id, boolean ok, DataverseError error, String requestId, String appUser) {

    public static WriteOutcome success(String key, UUID id, String requestId, String appUser) {
        return new WriteOutcome(key, id, true, null, requestId, appUser);
    }

    public static WriteOutcome failure(String key, UUID id, DataverseError error, String appUser) {
        return new WriteOutcome(key, id, false, error, error.requestId(), appUser);
    }

    @Override
    public String toString() {
        return key + (ok ? " ok " + id : " failed: " + error) + " (as " + appUser + ")";
    }
}
