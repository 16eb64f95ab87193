package jp.ami.mdms.slots;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * The points with a {@link Gap}, sparse: a map from point to its gap, a bit per point so the hot paths skip the
 * boxed lookup for the (many) points without one, and the queue of gaps whose readings changed after values were
 * issued from them ("dirty": their slots are due for a revision).
 */
final class Gaps {
    private final HashMap<Integer, Gap> byPoint = new HashMap<>();
    /** Bit per point: has an entry in {@link #byPoint}. */
    private long[] bits;
    private final ArrayDeque<Gap> dirty = new ArrayDeque<>();

    Gaps(int points) {
        bits = new long[(points + 63) >>> 6];
    }

    /** Makes room for points {@code 0 … points − 1} (the export gaps grow with the export index). */
    void capacity(int points) {
        int words = (points + 63) >>> 6;
        if (words > bits.length) {
            bits = Arrays.copyOf(bits, Math.max(words, bits.length * 2));
        }
    }

    /** The gap of point {@code p}, or null. Allocation-free for a point without one. */
    Gap of(int p) {
        return (bits[p >>> 6] & (1L << p)) == 0 ? null : byPoint.get(p);
    }

    /** Starts tracking {@code g} (replacing any gap of its point). */
    void put(Gap g) {
        byPoint.put(g.point, g);
        bits[g.point >>> 6] |= 1L << g.point;
    }

    void remove(int p) {
        byPoint.remove(p);
        bits[p >>> 6] &= ~(1L << p);
    }

    /** Whether {@code g} is still the tracked gap of its point. */
    boolean isCurrent(Gap g) {
        return byPoint.get(g.point) == g;
    }

    /** Queues {@code g} for a revision when values were issued from it (once until it is polled). */
    void readingAdded(Gap g) {
        if (g.issuedCount > 0 && !g.dirty) {
            g.dirty = true;
            dirty.add(g);
        }
    }

    /** The next gap queued for a revision (its dirty mark cleared), or null. */
    Gap pollDirty() {
        Gap g = dirty.poll();
        if (g != null) {
            g.dirty = false;
        }
        return g;
    }

    boolean hasDirty() {
        return !dirty.isEmpty();
    }

    /** Drops the gaps whose first slot is before {@code slotLimit} (beyond the revision horizon). */
    void dropBefore(long slotLimit) {
        if (byPoint.isEmpty()) {
            return;
        }
        byPoint.values().removeIf(g -> {
            if (g.first < slotLimit) {
                bits[g.point >>> 6] &= ~(1L << g.point);
                return true;
            }
            return false;
        });
    }

    int size() {
        return byPoint.size();
    }

    // ---- for SnapshotCodec

    /** The gaps in point order. */
    Collection<Gap> inPointOrder() {
        return new TreeMap<>(byPoint).values();
    }

    /** The revision queue, in order. */
    Collection<Gap> dirtyQueue() {
        return dirty;
    }

    /** Forgets every gap and the queue. */
    void clear() {
        byPoint.clear();
        Arrays.fill(bits, 0);
        dirty.clear();
    }

    /** Queues the tracked gap of point {@code p} for a revision (restoring a queue). */
    void requeue(int p) {
        Gap g = byPoint.get(p);
        g.dirty = true;
        dirty.add(g);
    }
}
