package org.profid365.migrator.sim;

/**
 * Opaque, Profi-looking record ids ({@code cli_3f9a0c21d7}) computed from a type prefix and a running number.
 *
 * <p>The number goes through a bijection on 40 bits, so distinct numbers always give distinct ids and no id
 * needs to be remembered. Numbers from {@link #ORPHAN_BASE} up are never used for real rows: ids made from
 * them point at nothing, which is how orphans are made.
 */
final class ExportIds {

    /** Real rows count up from 0 and never get near this; orphan references count up from it. */
    static final long ORPHAN_BASE = 1L << 39;

    private static final long MASK = (1L << 40) - 1;

    private ExportIds() {
    }

    static String of(String prefix, long number) {
        long salt = (prefix.hashCode() * 0x9E3779B97F4A7C15L) & MASK;
        String hex = Long.toHexString(permute(number + salt) | (1L << 40));
        return prefix + "_" + hex.substring(1);
    }

    static String orphan(String prefix, long number) {
        return of(prefix, ORPHAN_BASE + number);
    }

    /** Each step (xor with a right shift, multiplication by an odd number) is invertible modulo 2^40. */
    private static long permute(long x) {
        x &= MASK;
        x ^= x >>> 19;
        x = (x * 0x7FB5D329728EA185L) & MASK;
        x ^= x >>> 23;
        x = (x * 0x81DADEF4BC2DD44DL) & MASK;
        x ^= x >>> 17;
        return x;
    }

    /** A well-mixed 64-bit value of a seed and a number, to seed one client's own random stream. */
    static long mix(long seed, long number) {
        long z = seed + (number + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
