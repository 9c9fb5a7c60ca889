package org.profid365.migrator.sim.dataverse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
    private final Map<String, TreeMap<UUID, SimRecord>> tables = new HashMap<>();
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
            TreeMap<UUID, SimRecord> rows = tables.get(table);
            return rows == null ? null : rows.get(id);
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of the table's rows in key order. */
    List<SimRecord> rows(String table) {
        lock.lock();
        try {
            TreeMap<UUID, SimRecord> rows = tables.get(table);
            return rows == null ? List.of() : new ArrayList<>(rows.values());
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
        TreeMap<UUID, SimRecord> rows = tables.computeIfAbsent(record.table(), t -> new TreeMap<>());
        SimRecord previous = rows.put(record.id(), record);
        undo.add(() -> {
            if (previous == null) {
                rows.remove(record.id());
            } else {
                rows.put(record.id(), previous);
            }
        });
    }

    void remove(String table, UUID id) {
        requireHeld();
        TreeMap<UUID, SimRecord> rows = tables.get(table);
        SimRecord previous = rows == null ? null : rows.remove(id);
        if (previous != null) {
            undo.add(() -> rows.put(id, previous));
        }
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
}
