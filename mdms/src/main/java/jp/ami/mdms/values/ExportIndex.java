package jp.ami.mdms.values;

import java.util.Arrays;

/**
 * The supply points that carry export (reverse-direction, 逆潮流, e.g. rooftop PV) values, each with a dense
 * <em>export index</em> {@code 0 … size()−1} in the order their first reverse reading was accepted (so the index is
 * a function of the journal alone, and a replay assigns the same ones). The export state of the slot engine —
 * export boundaries, gaps, {@code days-export} — is keyed by export index, so it costs memory only for PV points.
 *
 * <p>Memory: one bit per supply point (the membership bit, so {@link #of} answers "no PV" for the many points
 * without it with one load, as {@code Gaps} does) plus, per PV point, an open-addressing hash slot pair (point →
 * export index, load ≤ 1/2: ≤ 16 B), the reverse map (4 B) and the first export slot (8 B).
 *
 * <p>Not thread-safe: written by the engine thread only; files and the store read it on the publish pool and the
 * engine thread while the engine thread waits for them (no write happens meanwhile).
 */
public final class ExportIndex {
    private long[] member;
    /** Open addressing: key = point + 1 (0 = empty), value = export index. */
    private int[] keys = new int[64];
    private int[] vals = new int[64];
    private int[] pointOf = new int[16];
    private long[] firstSlot = new long[16];
    private int size;

    public ExportIndex(int points) {
        member = new long[(Math.max(points, 1) + 63) >>> 6];
    }

    /** Number of PV points. */
    public int size() {
        return size;
    }

    /** The export index of supply point {@code point}, or -1 when it never sent a reverse reading. Allocation-free. */
    public int of(int point) {
        int w = point >>> 6;
        if (w >= member.length || (member[w] & (1L << point)) == 0) {
            return -1;
        }
        int mask = keys.length - 1;
        for (int h = mix(point) & mask; ; h = (h + 1) & mask) {
            int k = keys[h];
            if (k == point + 1) {
                return vals[h];
            }
            if (k == 0) {
                return -1; // cannot happen while the bit is set
            }
        }
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
            member = Arrays.copyOf(member, Math.max(w + 1, member.length * 2));
        }
        if (size == pointOf.length) {
            pointOf = Arrays.copyOf(pointOf, size * 2);
            firstSlot = Arrays.copyOf(firstSlot, size * 2);
        }
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int e = size++;
        pointOf[e] = point;
        firstSlot[e] = first;
        member[w] |= 1L << point;
        insert(point, e);
        return e;
    }

    private void insert(int point, int e) {
        int mask = keys.length - 1;
        int h = mix(point) & mask;
        while (keys[h] != 0) {
            h = (h + 1) & mask;
        }
        keys[h] = point + 1;
        vals[h] = e;
    }

    private void rehash(int capacity) {
        keys = new int[capacity];
        vals = new int[capacity];
        for (int e = 0; e < size; e++) {
            insert(pointOf[e], e);
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Forgets every point (before a snapshot restore). */
    public void clear() {
        Arrays.fill(member, 0);
        keys = new int[64];
        vals = new int[64];
        size = 0;
    }
}
