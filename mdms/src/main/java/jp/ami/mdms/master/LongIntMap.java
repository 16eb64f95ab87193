package jp.ami.mdms.master;

import java.util.Arrays;

/**
 * Open-addressing hash map from {@code long} keys to non-negative {@code int} values, without boxing.
 * Linear probing, power-of-two capacity, load factor at most 0.5. Key {@code 0} is reserved as the empty
 * marker (meter IDs are positive). Not thread-safe for writers; safe for concurrent readers once built.
 */
public final class LongIntMap {
    /** Returned by {@link #get} for an absent key. */
    public static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    public LongIntMap(int expectedSize) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedSize) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    /** The value for {@code key}, or {@link #MISSING}. */
    public int get(long key) {
        if (key == 0) {
            return MISSING;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    /** Inserts or replaces; returns the previous value or {@link #MISSING}. */
    public int put(long key, int value) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved");
        }
        if (value < 0) {
            throw new IllegalArgumentException("values must be non-negative: " + value);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "LongIntMap[size=" + size + ", capacity=" + keys.length + "]";
    }

    /** For tests: all keys, unordered. */
    long[] keys() {
        return Arrays.stream(keys).filter(k -> k != 0).toArray();
    }
}
