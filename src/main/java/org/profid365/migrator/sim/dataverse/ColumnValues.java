package org.profid365.migrator.sim.dataverse;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A stored row's column values: immutable, in the order given, kept as one array of names and values. A bulk load
 * keeps every row it creates for the whole load; as a LinkedHashMap a row of 26 columns took about 1,400 bytes of map
 * structure (an entry object per column and a hash table), here about 230. Those rows are what the garbage collector
 * copies at each young collection of a bench load, so their size is GC time.
 *
 * <p>A look-up walks the names (a row has a few dozen), first by identity, which answers when the caller holds the
 * same String instance (literals, Jackson's interned field names), then by {@code equals}.
 */
final class ColumnValues extends AbstractMap<String, Object> {

    private static final ColumnValues EMPTY = new ColumnValues(new Object[0]);

    /** name, value, name, value, … */
    private final Object[] slots;

    private ColumnValues(Object[] slots) {
        this.slots = slots;
    }

    /** A copy of {@code values}, in its order. */
    static ColumnValues of(Map<String, Object> values) {
        if (values instanceof ColumnValues c) {
            return c;
        }
        if (values.isEmpty()) {
            return EMPTY;
        }
        Object[] slots = new Object[values.size() * 2];
        int n = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            slots[n++] = e.getKey();
            slots[n++] = e.getValue();
        }
        return new ColumnValues(slots);
    }

    private int indexOf(Object name) {
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] == name) {
                return i;
            }
        }
        if (name != null) {
            for (int i = 0; i < slots.length; i += 2) {
                if (name.equals(slots[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public Object get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : slots[i + 1];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return slots.length / 2;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < slots.length; i += 2) {
            action.accept((String) slots[i], slots[i + 1]);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < slots.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= slots.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>((String) slots[next], slots[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return slots.length / 2;
            }
        };
    }
}
