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

    /**
     * SHA-1 after reading the namespace, never updated again: each id hashes a clone of it. Looking the algorithm up
     * for every id ({@code MessageDigest.getInstance} goes through the security provider, by reflection) was 1 % of
     * the load's Java CPU samples; a clone copies a few arrays. Cloning only reads the original, so threads share it.
     */
    private final MessageDigest namespaceSha1;
    private final java.util.function.BiFunction<String, String, UUID> matched;

    public RecordIds(UUID namespace) {
        this(seeded(namespace), (type, id) -> null);
    }

    private RecordIds(MessageDigest namespaceSha1, java.util.function.BiFunction<String, String, UUID> matched) {
        this.namespaceSha1 = namespaceSha1;
        this.matched = matched;
    }

    /**
     * These ids, except for Profi records matched to a record that existed in Dynamics before the migration
     * ({@code match} in the mapping): those keep the existing record's id, so lookups point at it.
     *
     * @param matched (object type, Profi id) → the existing record's id, or null when not matched
     */
    public RecordIds withMatches(java.util.function.BiFunction<String, String, UUID> matched) {
        return new RecordIds(namespaceSha1, matched);
    }

    /** The id of the Dataverse record made from one Profi record (or the record it was matched to). */
    public UUID of(String objectType, String profiId) {
        UUID m = matched.apply(objectType, profiId);
        return m != null ? m : uuid5(namespaceSha1, objectType + ":" + profiId);
    }

    /** The deterministic id, whatever was matched: what a create would use. */
    public UUID created(String objectType, String profiId) {
        return uuid5(namespaceSha1, objectType + ":" + profiId);
    }

    /** The id of one of several records made from one Profi record (a group session's task per participant). */
    public UUID of(String objectType, String profiId, String part) {
        return uuid5(namespaceSha1, objectType + ":" + profiId + ":" + part);
    }

    static UUID uuid5(UUID namespace, String name) {
        return uuid5(seeded(namespace), name);
    }

    private static MessageDigest seeded(UUID namespace) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        return sha1;
    }

    private static UUID uuid5(MessageDigest namespaceSha1, String name) {
        MessageDigest sha1;
        try {
            sha1 = (MessageDigest) namespaceSha1.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-1 can be cloned", e);
        }
        byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
