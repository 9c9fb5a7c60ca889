package org.profid365.migrator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.camel.Header;

/**
 * The bean {@code apiAccess}: every API call must carry {@code Authorization: Bearer <token>}. The token is compared
 * in constant time (over its SHA-256), so the answer's timing tells nothing of it.
 */
public final class ApiAccess {

    private final byte[] tokenHash;

    public ApiAccess(String token) {
        this.tokenHash = sha256(token);
    }

    public void check(@Header("Authorization") String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiProblem(401, "unauthorized", "send the API token as 'Authorization: Bearer <token>' (migrator.api.token)");
        }
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiProblem(401, "unauthorized", "the Authorization header must be 'Bearer <token>'");
        }
        if (!MessageDigest.isEqual(tokenHash, sha256(authorization.substring(7).strip()))) {
            throw new ApiProblem(401, "unauthorized", "the token is not the API token (migrator.api.token)");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
