package org.profid365.migrator.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic Dataverse record ids: a name-based UUID (version 5, RFC 4122) of the migration's namespace, the
 * object type and the Profi id. A retry or a resumed run writes the same ids, so duplicates are impossible by
 * construction, lookups are computed instead of queried, and rollback knows every id.
 */
public final class RecordIds {

    private final UUID namespace;

    public RecordIds(UUID namespace) {
        this.namespace = namespace;
    }

    /** The id of the Dataverse record made from one Profi record. */
    public UUID of(String objectType, String profiId) {
        return uuid5(namespace, objectType + ":" + profiId);
    }

    /** The id of one of several records made from one Profi record (a group session's task per participant). */
    public UUID of(String objectType, String profiId, String part) {
        return uuid5(namespace, objectType + ":" + profiId + ":" + part);
    }

    static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
