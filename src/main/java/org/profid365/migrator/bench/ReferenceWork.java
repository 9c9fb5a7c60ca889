package org.profid365.migrator.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * A fixed amount of work timed on one thread, so that figures from different days can be told apart by host, not
 * only by build. The same jar measured 9,255 records/s in session 10 and 15,307 in session 11 on this 2-core VM, every
 * part of the load needing less CPU per record on the faster day (PostgreSQL 121 → 64 µs, the JVM 77 → 50 µs); the VM
 * accounts no steal time, so nothing else in the bench's output showed why. Two kinds of work, because a busy host
 * can slow one without the other: hashing (arithmetic in the core) and a random walk through 4 MiB (reads that miss
 * the core's own caches and land in the shared one, which neighbours on the host compete for).
 */
final class ReferenceWork {

    /** 64 MiB hashed in 1 MiB blocks. */
    private static final int HASH_BLOCK = 1 << 20;
    private static final int HASH_BLOCKS = 64;
    /**
     * 4 MiB of ints, 8 million steps. Not more: through 16 MiB the same walk took 166-534 ms from one allocation to the
     * next, timing how the pages happened to be mapped (the address translation's cache covers a few MiB); through 4
     * MiB it stays within 5 %.
     */
    private static final int CYCLE_LENGTH = 1 << 20;
    private static final int STEPS = 8 << 20;

    /** Milliseconds each kind of work took: lower is a faster host. */
    record Timing(double hashMillis, double memoryMillis) {

        @Override
        public String toString() {
            return String.format("hashing 64 MiB %.0f ms, 8 million random reads in 4 MiB %.0f ms", hashMillis,
                    memoryMillis);
        }
    }

    private ReferenceWork() {
    }

    /** The best of three rounds of each kind (after one unmeasured round, so the JIT has compiled the loops). */
    static Timing measure() {
        byte[] block = new byte[HASH_BLOCK];
        new SplittableRandom(7).nextBytes(block);
        int[] cycle = cycle(CYCLE_LENGTH, new SplittableRandom(11));
        hash(block);
        walk(cycle);
        double hash = Double.MAX_VALUE;
        double memory = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            hash(block);
            long t1 = System.nanoTime();
            walk(cycle);
            long t2 = System.nanoTime();
            hash = Math.min(hash, (t1 - t0) / 1e6);
            memory = Math.min(memory, (t2 - t1) / 1e6);
        }
        return new Timing(hash, memory);
    }

    private static byte[] hash(byte[] block) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = null;
            for (int i = 0; i < HASH_BLOCKS; i++) {
                sha.update(block);
                digest = sha.digest(); // and start again, so each block is hashed from a fresh state
                block[0] ^= digest[0];
            }
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** One cycle through every index in random order (Sattolo's shuffle): each read depends on the one before. */
    static int[] cycle(int length, SplittableRandom random) {
        int[] next = new int[length];
        for (int i = 0; i < length; i++) {
            next[i] = i;
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int t = next[i];
            next[i] = next[j];
            next[j] = t;
        }
        return next;
    }

    private static int walk(int[] cycle) {
        int at = 0;
        for (int i = 0; i < STEPS; i++) {
            at = cycle[at];
        }
        if (at < 0) {
            throw new IllegalStateException("unreachable: keeps the walk from being optimised away");
        }
        return at;
    }
}
