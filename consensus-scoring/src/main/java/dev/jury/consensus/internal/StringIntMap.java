package dev.jury.consensus.internal;

import java.util.Arrays;

/**
 * An open-addressing map from strings to non-negative ints, for the online aggregator's hot path.
 *
 * <p>A {@code HashMap<String, Integer>} costs a node, a boxed value and, on every probe, a visit to
 * the stored key's characters. Here hashes sit in one {@code int[]} beside the values, so a probe
 * touches the key only when the hashes already match, and a lookup allocates nothing. Linear
 * probing with backward-shift deletion keeps clusters short without tombstones. Internal: not
 * thread-safe.
 */
public final class StringIntMap {
    /** Returned by {@link #get} for an absent key. */
    public static final int ABSENT = -1;

    private String[] keys;
    private int[] hashes;
    private int[] values;
    private int size;
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
        int h = spread(key.hashCode());
        for (int i = h & mask; ; i = (i + 1) & mask) {
            String stored = keys[i];
            if (stored == null) {
                return ABSENT;
            }
            if (hashes[i] == h && (stored == key || stored.equals(key))) {
                return values[i];
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
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keys[i].equals(key)) {
                values[i] = value;
                return;
            }
        }
        keys[i] = key;
        hashes[i] = h;
        values[i] = value;
        if (++size * 2 > keys.length) {
            rehash(keys.length * 2);
        }
    }

    /** Removes {@code key}; returns its value or {@link #ABSENT}. */
    public int remove(String key) {
        int h = spread(key.hashCode());
        int i = h & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && keys[i].equals(key)) {
                int value = values[i];
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
            if (keys[i] == null) {
                break;
            }
            int home = hashes[i] & mask;
            // Move the entry back if its home is not in the cyclic range (hole, i].
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                hashes[hole] = hashes[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = null;
    }

    private void rehash(int capacity) {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldValues = values;
        allocate(capacity);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                values[i] = oldValues[j];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new int[capacity];
        Arrays.fill(values, ABSENT);
        mask = capacity - 1;
    }

    /** String hashes are poor in their low bits for short numeric ids; mix before masking. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
