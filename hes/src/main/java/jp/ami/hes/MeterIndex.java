package jp.ami.hes;


/**
 * Meter ID → dense index {@code 0…size()-1}, so per-meter state can live in parallel primitive arrays
 * ({@link MeterStateTable}). Meters in the optional dense range {@code [first, first + rangeCount)} map directly to
 * {@code meterId − first} (no memory, no probe); any other meter gets the next free index on first use, kept in a
 * {@link LongLongMap} (primitive open addressing, 21–43 bytes per such meter). Indices are never reused. Not
 * thread-safe: the ingest thread owns it.
 */
final class MeterIndex {
    private final long first;
    private final int rangeCount;
    /** Meters outside the range → their index. */
    private final LongLongMap sparseIndex;
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
        this.sparseIndex = new LongLongMap(Math.max(8, expectedSparse));
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
        return (int) sparseIndex.get(meterId, -1);
    }

    /** The meter's index, assigning the next free one on first use. */
    int indexOrAdd(long meterId) {
        int index = indexOf(meterId);
        if (index >= 0) {
            return index;
        }
        if (rangeCount + (long) sparse >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many meters");
        }
        index = rangeCount + sparse++;
        sparseIndex.put(meterId, index);
        return index;
    }
}
