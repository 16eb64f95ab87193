package jp.ami.mdms.slots;

import java.util.Arrays;

/**
 * Sparse per-point state of a supply point with a gap: the real boundary readings known from the anchor (the
 * last reading before the first non-measured slot) on — or, for a gap opened without its anchor (the opening reading
 * missing), the readings after it, until the anchor arrives — and the value issued for every finalised slot from
 * {@link #first} on. Only points with a gap have one, so the dense per-point state stays small.
 */
final class Gap {
    final int point;
    /** First finalised slot tracked (the anchor is boundary {@code first − 1}). */
    final long first;
    long[] bnd = new long[4];
    long[] reg = new long[4];
    int n;
    long[] issued = new long[4];
    int issuedCount;
    boolean dirty;

    Gap(int point, long first) {
        this.point = point;
        this.first = first;
    }

    /** Adds a reading; returns false when the boundary already had a different register (the first one stays). */
    boolean add(long b, long r) {
        int pos = Arrays.binarySearch(bnd, 0, n, b);
        if (pos >= 0) {
            return reg[pos] == r;
        }
        int ins = -pos - 1;
        if (n == bnd.length) {
            bnd = Arrays.copyOf(bnd, n * 2);
            reg = Arrays.copyOf(reg, n * 2);
        }
        System.arraycopy(bnd, ins, bnd, ins + 1, n - ins);
        System.arraycopy(reg, ins, reg, ins + 1, n - ins);
        bnd[ins] = b;
        reg[ins] = r;
        n++;
        return true;
    }

    /** Position of the last reading at or before boundary {@code b}, or -1. */
    int atOrBefore(long b) {
        int pos = Arrays.binarySearch(bnd, 0, n, b);
        return pos >= 0 ? pos : -pos - 2;
    }

    long issued(long slot) {
        int i = (int) (slot - first);
        return i < issuedCount ? issued[i] : 0;
    }

    void issue(long slot, long packed) {
        int i = (int) (slot - first);
        if (i >= issued.length) {
            issued = Arrays.copyOf(issued, Math.max(i + 1, issued.length * 2));
        }
        issued[i] = packed;
        issuedCount = Math.max(issuedCount, i + 1);
    }
}
