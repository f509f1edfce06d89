package dev.jury.consensus.internal;

import java.util.Arrays;

/**
 * An open-addressing map from strings to non-negative ints, for the online aggregator's hot path.
 *
 * <p>A {@code HashMap<String, Integer>} costs a node, a boxed value and, on every probe, a visit to
 * the stored key's characters. Here each entry's hash and value sit side by side in one {@code
 * int[]}, so a probe reads one cache line of that array and touches the key array (and the key's
 * characters) only when the hashes already match; with a large map of cold entries that is one
 * cache miss fewer per lookup than keeping hashes, values and keys in three arrays. A lookup
 * allocates nothing. Linear probing with backward-shift deletion keeps clusters short without
 * tombstones. Internal: not thread-safe.
 */
public final class StringIntMap {
    /** Returned by {@link #get} for an absent key. */
    public static final int ABSENT = -1;

    private String[] keys;
    // [2i] the spread hash of entry i, [2i + 1] its value, or ABSENT if entry i is empty.
    private int[] table;
    private int size;
    // Capacity - 1; entries are probed in index order, the table at 2 * index.
    private int mask;

    /** An empty map. */
    public StringIntMap() {
        allocate(16);
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** The value of {@code key}, or {@link #ABSENT}. */
    public int get(String key) {
        return get(key, key.hashCode());
    }

    /**
     * The value of {@code key}, or {@link #ABSENT}, given {@code hashCode == key.hashCode()}: a
     * caller looking up several cold keys reads all their hashes first, so that the CPU waits for
     * those cache misses together rather than one after another.
     */
    public int get(String key, int hashCode) {
        int h = spread(hashCode);
        int[] t = table;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int value = t[2 * i + 1];
            if (value == ABSENT) {
                return ABSENT;
            }
            if (t[2 * i] == h) {
                String stored = keys[i];
                if (stored == key || stored.equals(key)) {
                    return value;
                }
            }
        }
    }

    /**
     * Maps {@code key} to {@code value}, replacing any previous value.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void put(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative: " + value);
        }
        int h = spread(key.hashCode());
        int i = h & mask;
        for (; table[2 * i + 1] != ABSENT; i = (i + 1) & mask) {
            if (table[2 * i] == h && keys[i].equals(key)) {
                table[2 * i + 1] = value;
                return;
            }
        }
        keys[i] = key;
        table[2 * i] = h;
        table[2 * i + 1] = value;
        if (++size * 2 > keys.length) {
            rehash(keys.length * 2);
        }
    }

    /**
     * Maps {@code key}, known to be absent, to {@code value}, given {@code hashCode ==
     * key.hashCode()}: the probe stops at the first empty entry without comparing keys.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void putAbsent(String key, int hashCode, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative: " + value);
        }
        int h = spread(hashCode);
        int i = h & mask;
        while (table[2 * i + 1] != ABSENT) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        table[2 * i] = h;
        table[2 * i + 1] = value;
        if (++size * 2 > keys.length) {
            rehash(keys.length * 2);
        }
    }

    /**
     * Changes the value of the entry whose key has hash code {@code hashCode} and whose value is
     * {@code oldValue}, without reading any key: for maps whose values are unique (dense indexes),
     * where the caller knows a key only by its hash and index.
     *
     * @return true if such an entry was found
     */
    public boolean replaceValue(int hashCode, int oldValue, int newValue) {
        if (newValue < 0) {
            throw new IllegalArgumentException("values must be non-negative: " + newValue);
        }
        int h = spread(hashCode);
        for (int i = h & mask; table[2 * i + 1] != ABSENT; i = (i + 1) & mask) {
            if (table[2 * i] == h && table[2 * i + 1] == oldValue) {
                table[2 * i + 1] = newValue;
                return true;
            }
        }
        return false;
    }

    /** Removes {@code key}; returns its value or {@link #ABSENT}. */
    public int remove(String key) {
        int h = spread(key.hashCode());
        int i = h & mask;
        while (table[2 * i + 1] != ABSENT) {
            if (table[2 * i] == h && keys[i].equals(key)) {
                int value = table[2 * i + 1];
                deleteAt(i);
                size--;
                return value;
            }
            i = (i + 1) & mask;
        }
        return ABSENT;
    }

    /** Removes the entry in slot {@code hole} and shifts its probe successors back into place. */
    private void deleteAt(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (table[2 * i + 1] == ABSENT) {
                break;
            }
            int home = table[2 * i] & mask;
            // Move the entry back if its home is not in the cyclic range (hole, i].
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                table[2 * hole] = table[2 * i];
                table[2 * hole + 1] = table[2 * i + 1];
                hole = i;
            }
        }
        keys[hole] = null;
        table[2 * hole + 1] = ABSENT;
    }

    private void rehash(int capacity) {
        String[] oldKeys = keys;
        int[] oldTable = table;
        allocate(capacity);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldTable[2 * j + 1] != ABSENT) {
                int i = oldTable[2 * j] & mask;
                while (table[2 * i + 1] != ABSENT) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                table[2 * i] = oldTable[2 * j];
                table[2 * i + 1] = oldTable[2 * j + 1];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        table = new int[2 * capacity];
        Arrays.fill(table, ABSENT);
        mask = capacity - 1;
    }

    /** String hashes are poor in their low bits for short numeric ids; mix before masking. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
