package jp.ami.mdms.values;

import java.util.Arrays;

/**
 * The supply points that carry export (reverse-direction, 逆潮流, e.g. rooftop PV) values, each with a dense
 * <em>export index</em> {@code 0 … size()−1} in the order their first reverse reading was accepted (so the index is
 * a function of the journal alone, and a replay assigns the same ones). The export state of the slot engine —
 * export boundaries, gaps, {@code days-export} — is keyed by export index, so it costs memory only for PV points.
 *
 * <p>Lookup ({@link #of}): one bit per supply point says whether it has PV (so the many points without answer with
 * one load, as {@code Gaps} does); per block of 64 points that has any PV point, a small array holds their export
 * indexes in bit order, found by the rank of the point's bit in its block's word. Points near each other in index
 * order (ID order for master data sorted by ID) are near each other in memory, so the files and store rows, which go
 * through the points in ID order, look them up with cache-friendly reads. Memory: 0.19 B per supply point (the bit and the block reference), per PV
 * point 16 B (its entry in the block, the reverse map, the first export slot) plus its block's array header
 * (16 B shared by the block's PV points).
 *
 * <p>Not thread-safe: written by the engine thread only; files and the store read it on the publish pool and the
 * engine thread while the engine thread waits for them (no write happens meanwhile).
 */
public final class ExportIndex {
    private long[] member;
    /** Per 64-point block: the export indexes of its members in bit order, or null when it has none. */
    private int[][] blocks;
    private int[] pointOf = new int[16];
    private long[] firstSlot = new long[16];
    private int size;

    public ExportIndex(int points) {
        int words = (Math.max(points, 1) + 63) >>> 6;
        member = new long[words];
        blocks = new int[words][];
    }

    /** Number of PV points. */
    public int size() {
        return size;
    }

    /** The export index of supply point {@code point}, or -1 when it never sent a reverse reading. Allocation-free. */
    public int of(int point) {
        int w = point >>> 6;
        if (w >= member.length) {
            return -1;
        }
        long m = member[w];
        long bit = 1L << point;
        return (m & bit) == 0 ? -1 : blocks[w][Long.bitCount(m & (bit - 1))];
    }

    /** The supply point of export index {@code e}. */
    public int point(int e) {
        return pointOf[e];
    }

    /** The first slot that carries an export value for export index {@code e}. */
    public long firstSlot(int e) {
        return firstSlot[e];
    }

    /** Moves the first export slot of {@code e} (a reading for an earlier boundary, still open, arrived). */
    public void firstSlot(int e, long slot) {
        firstSlot[e] = slot;
    }

    /** Adds {@code point} (not yet a member) with first export slot {@code first}; returns its export index. Allocates. */
    public int add(int point, long first) {
        int w = point >>> 6;
        if (w >= member.length) {
            int words = Math.max(w + 1, member.length * 2);
            member = Arrays.copyOf(member, words);
            blocks = Arrays.copyOf(blocks, words);
        }
        if (size == pointOf.length) {
            pointOf = Arrays.copyOf(pointOf, size * 2);
            firstSlot = Arrays.copyOf(firstSlot, size * 2);
        }
        int e = size++;
        pointOf[e] = point;
        firstSlot[e] = first;
        long bit = 1L << point;
        int rank = Long.bitCount(member[w] & (bit - 1));
        int[] old = blocks[w];
        int n = old == null ? 0 : old.length;
        int[] block = new int[n + 1];
        if (old != null) {
            System.arraycopy(old, 0, block, 0, rank);
            System.arraycopy(old, rank, block, rank + 1, n - rank);
        }
        block[rank] = e;
        blocks[w] = block;
        member[w] |= bit;
        return e;
    }

    /** Forgets every point (before a snapshot restore). */
    public void clear() {
        Arrays.fill(member, 0);
        Arrays.fill(blocks, null);
        size = 0;
    }
}
