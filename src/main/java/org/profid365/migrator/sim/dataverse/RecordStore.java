package org.profid365.migrator.sim.dataverse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The rows of every table, behind one lock. Writes inside {@link #atomically} are undone together when the body
 * throws, which gives bulk calls and $batch change sets their all-or-nothing behaviour; nested calls join the outer
 * one.
 */
final class RecordStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TableRows> tables = new HashMap<>();
    /** Per table, per alternate key (its attributes): key values to the rows that have them; built on first use. */
    private final Map<String, Map<List<String>, Map<List<String>, List<UUID>>>> keyIndexes = new HashMap<>();
    private final List<Runnable> undo = new ArrayList<>();
    private final Random ids;
    private long version = 1_000;

    RecordStore(long seed) {
        this.ids = new Random(seed);
    }

    /** Runs body holding the store; when it throws, every write it made is undone and the exception rethrown. */
    <T> T atomically(Supplier<T> body) {
        lock.lock();
        int mark = undo.size();
        try {
            T result = body.get();
            if (lock.getHoldCount() == 1) {
                undo.clear();
            }
            return result;
        } catch (RuntimeException | Error e) {
            for (int i = undo.size() - 1; i >= mark; i--) {
                undo.remove(i).run();
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    void atomically(Runnable body) {
        atomically(() -> {
            body.run();
            return null;
        });
    }

    SimRecord get(String table, UUID id) {
        lock.lock();
        try {
            TableRows rows = tables.get(table);
            return rows == null ? null : rows.byId.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of the table's rows in key order. */
    List<SimRecord> rows(String table) {
        lock.lock();
        try {
            TableRows rows = tables.get(table);
            return rows == null ? List.of() : rows.inKeyOrder();
        } finally {
            lock.unlock();
        }
    }

    Collection<String> tableNames() {
        lock.lock();
        try {
            return new ArrayList<>(tables.keySet());
        } finally {
            lock.unlock();
        }
    }

    void put(SimRecord record) {
        requireHeld();
        SimRecord previous = store(record);
        undo.add(() -> {
            if (previous == null) {
                unstore(record.table(), record.id());
            } else {
                store(previous);
            }
        });
    }

    void remove(String table, UUID id) {
        requireHeld();
        SimRecord previous = unstore(table, id);
        if (previous != null) {
            undo.add(() -> store(previous));
        }
    }

    /**
     * The rows whose values of {@code attributes} equal {@code values} as alternate keys compare them (strings
     * without case, numbers by value, lookups by id): an index kept per key, so a check costs no table scan.
     */
    List<UUID> withKey(String table, List<String> attributes, Map<String, Object> values) {
        lock.lock();
        try {
            List<String> key = keyOf(attributes, values::get);
            if (key == null) {
                return List.of();
            }
            List<UUID> ids = keyIndex(table, attributes).get(key);
            return ids == null ? List.of() : List.copyOf(ids);
        } finally {
            lock.unlock();
        }
    }

    /** Whether two rows share the values of {@code attributes} (an alternate key on them would fail to build). */
    boolean hasDuplicateKeys(String table, List<String> attributes) {
        lock.lock();
        try {
            return keyIndex(table, attributes).values().stream().anyMatch(ids -> ids.size() > 1);
        } finally {
            lock.unlock();
        }
    }

    private Map<List<String>, List<UUID>> keyIndex(String table, List<String> attributes) {
        Map<List<String>, Map<List<String>, List<UUID>>> byKey = keyIndexes.computeIfAbsent(table, t -> new HashMap<>());
        Map<List<String>, List<UUID>> index = byKey.get(attributes);
        if (index == null) {
            index = new HashMap<>();
            TableRows rows = tables.get(table);
            if (rows != null) {
                for (SimRecord row : rows.inKeyOrder()) {
                    index(index, attributes, row, true);
                }
            }
            byKey.put(List.copyOf(attributes), index);
        }
        return index;
    }

    private static void index(Map<List<String>, List<UUID>> index, List<String> attributes, SimRecord row, boolean add) {
        List<String> key = keyOf(attributes, row::get);
        if (key == null) {
            return; // a null key value is not compared, as in a filtered unique index
        }
        if (add) {
            index.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row.id());
        } else {
            List<UUID> ids = index.get(key);
            if (ids != null && ids.remove(row.id()) && ids.isEmpty()) {
                index.remove(key);
            }
        }
    }

    private static List<String> keyOf(List<String> attributes, java.util.function.Function<String, Object> values) {
        String[] key = new String[attributes.size()];
        for (int i = 0; i < key.length; i++) {
            String text = keyText(values.apply(attributes.get(i)));
            if (text == null) {
                return null;
            }
            key[i] = text;
        }
        return List.of(key);
    }

    /** A key value's comparable text; key values compare as SQL does: strings without case, numbers by value, lookups by id. */
    static String keyText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof SimRef ref) {
            return ref.id().toString();
        }
        if (value instanceof Number n) {
            try {
                return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return n.toString().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return value.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private SimRecord store(SimRecord record) {
        SimRecord previous = tables.computeIfAbsent(record.table(), t -> new TableRows()).put(record);
        Map<List<String>, Map<List<String>, List<UUID>>> byKey = keyIndexes.get(record.table());
        if (byKey != null) {
            for (Map.Entry<List<String>, Map<List<String>, List<UUID>>> e : byKey.entrySet()) {
                if (previous != null) {
                    index(e.getValue(), e.getKey(), previous, false);
                }
                index(e.getValue(), e.getKey(), record, true);
            }
        }
        return previous;
    }

    private SimRecord unstore(String table, UUID id) {
        TableRows rows = tables.get(table);
        SimRecord previous = rows == null ? null : rows.remove(id);
        Map<List<String>, Map<List<String>, List<UUID>>> byKey = keyIndexes.get(table);
        if (previous != null && byKey != null) {
            for (Map.Entry<List<String>, Map<List<String>, List<UUID>>> e : byKey.entrySet()) {
                index(e.getValue(), e.getKey(), previous, false);
            }
        }
        return previous;
    }

    long nextVersion() {
        requireHeld();
        return ++version;
    }

    /** A random (version 4) id from the seeded sequence. */
    UUID newId() {
        lock.lock();
        try {
            long most = (ids.nextLong() & ~0xF000L) | 0x4000L;
            long least = (ids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(most, least);
        } finally {
            lock.unlock();
        }
    }

    private void requireHeld() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("writes must run inside atomically()");
        }
    }

    /**
     * One table's rows by id, with their ids in key order (the order of queries and keyset paging) kept apart and
     * brought up to date only when a caller asks for that order. A tree map gave both at once, but a bulk load
     * inserts 100,000 rows in random key order and reads them in key order never: walking the tree on each insert
     * was 10 % of the Java CPU samples of a load (the simulator's largest share). Ids stored since the last
     * ordering wait in {@code added}; removed ids stay in {@code sorted} until the next merge and are skipped.
     */
    private static final class TableRows {
        final HashMap<UUID, SimRecord> byId = new HashMap<>();
        private UUID[] sorted = new UUID[0];
        private final List<UUID> added = new ArrayList<>();
        private int removed;

        SimRecord put(SimRecord record) {
            SimRecord previous = byId.put(record.id(), record);
            if (previous == null) {
                added.add(record.id());
            }
            return previous;
        }

        SimRecord remove(UUID id) {
            SimRecord previous = byId.remove(id);
            if (previous != null) {
                removed++;
            }
            return previous;
        }

        List<SimRecord> inKeyOrder() {
            // a few removed ids are cheaper to skip than to merge away: a cascading delete asks for the order once per
            // row it deletes
            if (!added.isEmpty() || removed > sorted.length / 8) {
                merge();
            }
            List<SimRecord> out = new ArrayList<>(byId.size());
            for (UUID id : sorted) {
                SimRecord row = byId.get(id);
                if (row != null) {
                    out.add(row);
                }
            }
            return out;
        }

        /** Merges the added ids into the ordered ones, leaving out ids no longer stored and ids stored twice. */
        private void merge() {
            UUID[] fresh = added.toArray(new UUID[0]);
            Arrays.sort(fresh);
            UUID[] out = new UUID[byId.size()];
            int n = 0;
            int i = 0;
            int j = 0;
            UUID last = null;
            while (i < sorted.length || j < fresh.length) {
                UUID next = j >= fresh.length || (i < sorted.length && sorted[i].compareTo(fresh[j]) <= 0)
                        ? sorted[i++] : fresh[j++];
                // an id removed and stored again since the last merge is in both arrays
                if (byId.containsKey(next) && !next.equals(last)) {
                    out[n++] = next;
                    last = next;
                }
            }
            sorted = n == out.length ? out : Arrays.copyOf(out, n);
            added.clear();
            removed = 0;
        }
    }
}
