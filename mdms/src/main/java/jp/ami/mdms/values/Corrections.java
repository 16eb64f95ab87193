package jp.ami.mdms.values;

import java.util.Arrays;

/**
 * The operator corrections carried by one {@link SlotValues} set, sparse (a handful per slot against millions of
 * points): the corrected points in ascending order with their correction, looked up by binary search. Nothing is
 * kept for an uncorrected point; a set without corrections answers {@link #get} with one comparison.
 */
public final class Corrections {
    /** One operator correction: its ID, the operator who made it and why. */
    public record Correction(long id, String operator, String reason) {
    }

    private int size;
    private int[] points = new int[4];
    private Correction[] values = new Correction[4];

    /** Records (or replaces) the correction of {@code point}. */
    public void put(int point, long id, String operator, String reason) {
        int at = Arrays.binarySearch(points, 0, size, point);
        Correction c = new Correction(id, operator, reason);
        if (at >= 0) {
            values[at] = c;
            return;
        }
        int ins = -at - 1;
        if (size == points.length) {
            points = Arrays.copyOf(points, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(points, ins, points, ins + 1, size - ins);
        System.arraycopy(values, ins, values, ins + 1, size - ins);
        points[ins] = point;
        values[ins] = c;
        size++;
    }

    /** The correction of {@code point}, or null. */
    public Correction get(int point) {
        if (size == 0) {
            return null;
        }
        int at = Arrays.binarySearch(points, 0, size, point);
        return at >= 0 ? values[at] : null;
    }

    public int size() {
        return size;
    }

    void clear() {
        Arrays.fill(values, 0, size, null);
        size = 0;
    }
}
