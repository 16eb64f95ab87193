package jp.ami.hes;

import java.util.Arrays;

/**
 * Meter ID → dense index {@code 0…size()-1}, so per-meter state can live in parallel primitive arrays
 * ({@link MeterStateTable}). Meters in the optional dense range {@code [first, first + rangeCount)} map directly to
 * {@code meterId − first} (no memory, no probe); any other meter gets the next free index on first use, kept in a
 * primitive open-addressing {@code long → int} table (linear probing, power-of-two capacity, load ≤ 0.75:
 * 16–32 bytes per such meter). Indices are never reused. Not thread-safe: the ingest thread owns it.
 */
final class MeterIndex {
    private static final long EMPTY = Long.MIN_VALUE;

    private final long first;
    private final int rangeCount;
    private long[] keys;
    private int[] values;
    private int mask;
    private int sparse;

    /**
     * @param first          first meter of the dense range
     * @param rangeCount     meters in the dense range (0: none)
     * @param expectedSparse initial capacity for meters outside the range
     */
    MeterIndex(long first, int rangeCount, int expectedSparse) {
        if (rangeCount < 0) {
            throw new IllegalArgumentException("rangeCount " + rangeCount);
        }
        this.first = first;
        this.rangeCount = rangeCount;
        int cap = Integer.highestOneBit(Math.max(8, (int) Math.min(1 << 29, expectedSparse * 4L / 3 + 1)) * 2 - 1);
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new int[cap];
        mask = cap - 1;
    }

    /** Indices handed out so far are below this. */
    int capacityNeeded() {
        return rangeCount + sparse;
    }

    int rangeCount() {
        return rangeCount;
    }

    /** The meter's index, or -1 when it has none yet. */
    int indexOf(long meterId) {
        long d = meterId - first;
        if (d >= 0 && d < rangeCount) {
            return (int) d;
        }
        if (meterId == EMPTY) {
            return -1;
        }
        for (int i = slot(meterId); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == meterId) {
                return values[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    /** The meter's index, assigning the next free one on first use. */
    int indexOrAdd(long meterId) {
        long d = meterId - first;
        if (d >= 0 && d < rangeCount) {
            return (int) d;
        }
        if (meterId == EMPTY) {
            throw new IllegalArgumentException("meter ID " + meterId);
        }
        for (int i = slot(meterId); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == meterId) {
                return values[i];
            }
            if (k == EMPTY) {
                if (rangeCount + (long) sparse >= Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("too many meters");
                }
                int index = rangeCount + sparse;
                keys[i] = meterId;
                values[i] = index;
                if (++sparse > keys.length * 3L / 4) {
                    grow();
                }
                return index;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
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
