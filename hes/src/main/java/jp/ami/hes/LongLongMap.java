package jp.ami.hes;

import java.util.Arrays;

/**
 * A primitive {@code long → long} open-addressing hash map (linear probing, power-of-two capacity, load ≤ 0.75),
 * for the head-end's sparse per-meter state (meters outside the dense ID range, PV windows, route IDs). No
 * boxing, no per-entry objects. Not thread-safe.
 */
final class LongLongMap {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private long[] values;
    private int size;
    private int mask;
    private boolean hasEmptyKey;
    private long emptyKeyValue;

    LongLongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, (int) Math.min(1 << 30, expected * 4L / 3 + 1)) * 2 - 1);
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    long get(long key, long missing) {
        if (key == EMPTY) {
            return hasEmptyKey ? emptyKeyValue : missing;
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return missing;
            }
        }
    }

    void put(long key, long value) {
        if (key == EMPTY) {
            if (!hasEmptyKey) {
                size++;
            }
            hasEmptyKey = true;
            emptyKeyValue = value;
            return;
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size > keys.length * 3L / 4) {
                    grow();
                }
                return;
            }
        }
    }

    int size() {
        return size;
    }

    /** Receives one entry of {@link #forEach}. */
    interface EntryVisitor {
        void visit(long key, long value);
    }

    /** Visits every entry (in table order); the map must not change meanwhile. */
    void forEach(EntryVisitor visitor) {
        if (hasEmptyKey) {
            visitor.visit(EMPTY, emptyKeyValue);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(keys, EMPTY);
            size = 0;
            hasEmptyKey = false;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != EMPTY) {
                int i = slot(k);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
