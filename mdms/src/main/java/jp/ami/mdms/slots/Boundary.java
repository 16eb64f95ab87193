package jp.ami.mdms.slots;

import java.util.Arrays;

/**
 * Register values of every point at one boundary, with presence, clock-skew and conflict bits: one {@code int}
 * and three bits per point, indexed by the dense point index. Fields are package-private for {@link SnapshotCodec}.
 *
 * <p>Provenance (for the value history): per point one {@code int} reference to the journal document that brought
 * its reading, {@code 1 +} the document's ordinal in this boundary's document table ({@link #docIndex}: its Chronicle
 * index, {@link #docRoute}: {@code path << 32 | source ID}), 0 when unknown. 4 B per point per held boundary, plus
 * 16 B per document that brought readings of the boundary.
 */
final class Boundary {
    int[] reg;
    long[] bits;
    long[] skew;
    long[] conflict;
    /** Per point: 1 + the ordinal of the document of its reading in {@link #docIndex}, 0 unknown. */
    int[] doc;
    long[] docIndex = new long[4];
    long[] docRoute = new long[4];
    int docs;

    Boundary(int points) {
        int n = Math.max(points, 64);
        reg = new int[n];
        doc = new int[n];
        bits = new long[(n + 63) >>> 6];
        skew = new long[bits.length];
        conflict = new long[bits.length];
    }

    /**
     * The reference of the journal document {@code journalIndex} from {@code route} ({@code path << 32 | source}) in
     * this boundary, added to the table when it is not its last document; 0 (unknown) when both are 0.
     */
    int document(long journalIndex, long route) {
        if (journalIndex == 0 && route == 0) {
            return 0;
        }
        if (docs > 0 && docIndex[docs - 1] == journalIndex && docRoute[docs - 1] == route) {
            return docs;
        }
        if (docs == docIndex.length) {
            docIndex = Arrays.copyOf(docIndex, docs * 2);
            docRoute = Arrays.copyOf(docRoute, docs * 2);
        }
        docIndex[docs] = journalIndex;
        docRoute[docs] = route;
        return ++docs;
    }

    /**
     * Hands {@code v} the provenance of point {@code p}'s reading here (path, source, journal index), when the reading
     * has a document reference; returns whether it had one. The frame counter is not kept per point (0, unknown).
     */
    boolean provenanceTo(jp.ami.mdms.values.SlotValues v, int p) {
        int r = ref(p);
        if (r == 0) {
            return false;
        }
        long route = docRoute[r - 1];
        v.provenance(p, (int) (route >>> 32), route & 0xFFFF_FFFFL, 0, docIndex[r - 1]);
        return true;
    }

    /** The document reference of point {@code p}'s reading (see {@link #document}), 0 unknown. */
    int ref(int p) {
        return p < doc.length ? doc[p] : 0;
    }

    /** Records a reading; returns false (and flags a conflict) when the point had a different one. */
    boolean set(int p, int value, boolean skewed) {
        return set(p, value, skewed, 0);
    }

    /** Records a reading brought by document reference {@code ref}; false (conflict flagged) when it differs. */
    boolean set(int p, int value, boolean skewed, int ref) {
        if (p >= reg.length) {
            int n = Math.max(p + 1, reg.length * 2);
            reg = Arrays.copyOf(reg, n);
            doc = Arrays.copyOf(doc, n);
            bits = Arrays.copyOf(bits, (n + 63) >>> 6);
            skew = Arrays.copyOf(skew, bits.length);
            conflict = Arrays.copyOf(conflict, bits.length);
        }
        if (has(p)) {
            if (reg[p] != value) {
                conflict[p >>> 6] |= 1L << p;
                return false;
            }
            return true;
        }
        reg[p] = value;
        doc[p] = ref;
        bits[p >>> 6] |= 1L << p;
        if (skewed) {
            skew[p >>> 6] |= 1L << p;
        }
        return true;
    }

    boolean has(int p) {
        return p < reg.length && (bits[p >>> 6] & (1L << p)) != 0;
    }

    boolean skewed(int p) {
        return (skew[p >>> 6] & (1L << p)) != 0;
    }

    boolean conflict(int p) {
        return (conflict[p >>> 6] & (1L << p)) != 0;
    }

    long get(int p) {
        return reg[p] & 0xFFFF_FFFFL;
    }
}
