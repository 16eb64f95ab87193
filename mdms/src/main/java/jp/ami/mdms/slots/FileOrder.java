package jp.ami.mdms.slots;

import java.util.Arrays;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * The order of the records in a file: point indexes in supply-point-ID order, recomputed when points were
 * registered. When the points were registered in ID order (a master-data file sorted by ID) no order is kept —
 * 4 bytes per point — and each call returns a fresh identity array.
 */
public final class FileOrder {
    private final SupplyRegistry registry;
    /** Point indexes in ID order, or null when that is registration order (kept only when it is not). */
    private int[] sorted;
    /** The point count {@link #sorted} was determined for; -1 before. */
    private int sortedFor = -1;

    public FileOrder(SupplyRegistry registry) {
        this.registry = registry;
    }

    /** The first {@code n} point indexes in ID order. */
    public int[] points(int n) {
        if (sortedFor != n) {
            int[] order = registry.indexesInIdOrder();
            boolean identity = true;
            for (int i = 0; i < order.length && identity; i++) {
                identity = order[i] == i;
            }
            sorted = identity ? null : order;
            sortedFor = n;
        }
        if (sorted != null) {
            return sorted;
        }
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        return identity;
    }

    /**
     * The points of the first {@code n} of {@code ordered}, in that order, that retailer {@code r} of {@code registry}
     * supplies in any slot of the JST day whose first slot is {@code firstSlotOfDay}: the records of its per-day files.
     */
    public static int[] ofRetailerOnDay(SupplyRegistry registry, int[] ordered, int n, int r, long firstSlotOfDay) {
        int[] mine = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int p = ordered[i];
            for (long s = firstSlotOfDay; s < firstSlotOfDay + Slots.SLOTS_PER_DAY; s++) {
                if (registry.retailerIndexAt(p, s) == r) {
                    mine[m++] = p;
                    break;
                }
            }
        }
        return Arrays.copyOf(mine, m);
    }
}
