package org.profid365.migrator.sim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which client carries which trap, and counts the traps planted.
 *
 * <p>Traps are rolled per client at a low rate; on top of that every trap is pinned to one client chosen up
 * front, so that even a 50-client export holds each kind at least once. Whether a client is a prospect is a
 * pure function of its index, because group sessions look back at earlier clients without keeping them.
 */
final class TrapPlan {

    /** Traps a pinned client must carry; the others are planted elsewhere (prospects, coaches, large notes). */
    private static final Set<Trap> PINNED = EnumSet.complementOf(EnumSet.of(Trap.PROSPECT, Trap.INACTIVE_COACH, Trap.LARGE_NOTE));

    /** Traps that cannot share one client: they change the same last name, the same address, the same invoice. */
    private static final List<Set<Trap>> CONFLICTS = List.of(
            EnumSet.of(Trap.NON_LATIN_NAME, Trap.APOSTROPHE_NAME, Trap.MISSING_LAST_NAME),
            EnumSet.of(Trap.INVALID_EMAIL, Trap.DUPLICATE_EMAIL),
            EnumSet.of(Trap.PARTIAL_PAYMENT, Trap.UNPAID_INVOICE, Trap.UNKNOWN_INVOICE_STATUS, Trap.UNKNOWN_PAYMENT_STATUS));

    private final long seed;
    private final int clients;
    private final Map<Integer, Set<Trap>> pinned = new TreeMap<>();
    private final int pinnedProspect;
    private final Set<Integer> largeNoteClients = new TreeSet<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();

    TrapPlan(long seed, int clients) {
        this.seed = seed;
        this.clients = clients;
        for (Trap t : Trap.values()) {
            counts.putIfAbsent(t.key(), 0L);
        }
        pinTraps();
        pinnedProspect = clamp(clients * 7 / 10);
        pinLargeNotes();
    }

    /**
     * Pinned clients sit in the first 60% of the timeline, so their packages have had time to expire. When
     * there are fewer clients than traps, a trap moves on to the next client rather than share one with a
     * trap it conflicts with.
     */
    private void pinTraps() {
        List<Trap> traps = new ArrayList<>(PINNED);
        int low = clamp(Math.max(1, clients / 20));
        int high = clamp(Math.max(low + 1, clients * 6 / 10));
        for (int k = 0; k < traps.size(); k++) {
            Trap trap = traps.get(k);
            int index = low + (int) ((long) k * (high - low) / traps.size());
            for (int moves = 0; moves <= high - low && conflicts(pinned.get(index), trap); moves++) {
                index = index >= high ? low : index + 1;
            }
            pinned.computeIfAbsent(index, i -> EnumSet.noneOf(Trap.class)).add(trap);
        }
    }

    private static boolean conflicts(Set<Trap> already, Trap trap) {
        if (already == null) {
            return false;
        }
        for (Set<Trap> group : CONFLICTS) {
            if (group.contains(trap) && already.stream().anyMatch(group::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Exactly one several-MB note for small exports, then about one per 20,000 clients. */
    private void pinLargeNotes() {
        int count = clients < 1000 ? 1 : (int) Math.max(1, Math.round(clients / 20_000.0));
        for (int k = 0; k < count; k++) {
            largeNoteClients.add(clamp((int) ((2L * k + 1) * clients / (2L * count))));
        }
    }

    private int clamp(int index) {
        return Math.max(0, Math.min(clients - 1, index));
    }

    /** About 20% of clients never had a session. The first client and every pinned one always did. */
    boolean isProspect(int client) {
        if (client == pinnedProspect && !pinned.containsKey(client)) {
            return true;
        }
        if (client == 0 || pinned.containsKey(client)) {
            return false;
        }
        long roll = ExportIds.mix(seed ^ 0x5EED_9A0D_1234L, client) >>> 11;
        return roll % 1000 < Trap.PROSPECT.clientRate() * 1000;
    }

    /**
     * The traps this client carries: a pinned client carries exactly its pinned ones (so nothing can crowd them
     * out), any other client those its own random stream rolls. The first client stays clean: it is the one
     * the first duplicate e-mail copies.
     */
    Set<Trap> trapsFor(int client, SplittableRandom random) {
        Set<Trap> rolled = EnumSet.noneOf(Trap.class);
        for (Trap t : PINNED) {
            if (random.nextDouble() < t.clientRate()) {
                rolled.add(t);
            }
        }
        if (pinned.containsKey(client)) {
            return EnumSet.copyOf(pinned.get(client));
        }
        return client == 0 ? EnumSet.noneOf(Trap.class) : rolled;
    }

    boolean isPinned(int client) {
        return pinned.containsKey(client);
    }

    boolean carriesLargeNote(int client) {
        return largeNoteClients.contains(client);
    }

    void count(Trap trap) {
        count(trap, 1);
    }

    void count(Trap trap, long times) {
        counts.merge(trap.key(), times, Long::sum);
    }

    Map<String, Long> counts() {
        return counts;
    }
}
