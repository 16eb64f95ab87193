package jp.ami.mdms.slots;

import java.util.Arrays;

/**
 * Register values of every point at one boundary, with presence, clock-skew and conflict bits: one {@code int}
 * and three bits per point, indexed by the dense point index. Fields are package-private for {@link SnapshotCodec}.
 */
final class Boundary {
    int[] reg;
    long[] bits;
    long[] skew;
    long[] conflict;

    Boundary(int points) {
        int n = Math.max(points, 64);
        reg = new int[n];
        bits = new long[(n + 63) >>> 6];
        skew = new long[bits.length];
        conflict = new long[bits.length];
    }

    /** Records a reading; returns false (and flags a conflict) when the point had a different one. */
    boolean set(int p, int value, boolean skewed) {
        if (p >= reg.length) {
            int n = Math.max(p + 1, reg.length * 2);
            reg = Arrays.copyOf(reg, n);
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
