package jp.ami.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective-dated supply registry: which retailer supplies which supply point from which slot on.
 * Supply points get a dense index (0, 1, 2, … in registration order) that the MDMS uses for its primitive
 * arrays; retailers get a small dense index too.
 *
 * <p>Lookups ({@link #retailerIndexAt}, {@link #indexOf}, {@link #pointChars}) are allocation-free. A point
 * costs about 24 bytes: its ID packed as two 11-digit longs, 5–11 bytes of open-addressing index (load ≤ 0.75)
 * and a {@code short} retailer; switches are kept per switched point as parallel arrays sorted by effective slot.
 *
 * <p>Thread-safety: registration and switching are synchronized; lookups may run concurrently with them
 * only through {@code synchronized} readers or after start-up (the skeleton registers before ingest).
 * {@link #pointChars} takes no lock (several threads write a slot's files and rows at once): the ID arrays
 * and the size are volatile and a registration fills its entries before it publishes the new size.
 * Persistence of applications and switches belongs to the switching issue.
 */
public final class SupplyRegistry {
    private final List<OperatorCode> retailers = new ArrayList<>();
    private final Map<OperatorCode, Integer> retailerIndex = new HashMap<>();
    /** Supply point IDs packed as two 11-digit halves: ID = hi × 10^11 + lo, in registration order. */
    private volatile long[] idHi = new long[1024];
    private volatile long[] idLo = new long[1024];
    /** Open-addressing index over the packed IDs: slot holds point index + 1, 0 = empty; load ≤ 0.75. */
    private int[] table = new int[2048];
    private short[] initialRetailer = new short[1024];
    private final Map<Integer, long[]> switchSlots = new HashMap<>();
    private final Map<Integer, short[]> switchRetailers = new HashMap<>();
    private volatile int size;

    /** Registers a supply point supplied by {@code retailer} from the beginning of time; returns its dense index. */
    public synchronized int register(SupplyPointId id, OperatorCode retailer) {
        long hi = hi(id.value());
        long lo = lo(id.value());
        if (find(hi, lo) >= 0) {
            throw new InvalidValueException("supplyPointId", id.value(), "is already registered");
        }
        if (size == idHi.length) {
            idHi = Arrays.copyOf(idHi, size * 2);
            idLo = Arrays.copyOf(idLo, size * 2);
            initialRetailer = Arrays.copyOf(initialRetailer, size * 2);
        }
        int index = size;
        idHi[index] = hi;
        idLo[index] = lo;
        initialRetailer[index] = (short) retailerIndexOf(retailer);
        size = index + 1; // publishes the entries above to lock-free readers
        if (size * 4L > table.length * 3L) {
            rehash(table.length * 2);
        } else {
            insert(index);
        }
        return index;
    }

    private static long hi(String id) {
        return Long.parseLong(id, 0, 11, 10);
    }

    private static long lo(String id) {
        return Long.parseLong(id, 11, 22, 10);
    }

    private static int hash(long hi, long lo) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 29));
    }

    private int find(long hi, long lo) {
        int mask = table.length - 1;
        for (int i = hash(hi, lo) & mask; ; i = (i + 1) & mask) {
            int e = table[i];
            if (e == 0) {
                return -1;
            }
            if (idHi[e - 1] == hi && idLo[e - 1] == lo) {
                return e - 1;
            }
        }
    }

    private void insert(int index) {
        int mask = table.length - 1;
        int i = hash(idHi[index], idLo[index]) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = index + 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int i = 0; i < size; i++) {
            insert(i);
        }
    }

    /** From {@code fromSlotIndex} on, {@code id} is supplied by {@code retailer}. Later switches override earlier ones. */
    public synchronized void scheduleSwitch(SupplyPointId id, long fromSlotIndex, OperatorCode retailer) {
        int p = indexOf(id);
        if (p < 0) {
            throw new InvalidValueException("supplyPointId", id.value(), "is not a registered supply point");
        }
        short r = (short) retailerIndexOf(retailer);
        long[] slots = switchSlots.getOrDefault(p, new long[0]);
        short[] rets = switchRetailers.getOrDefault(p, new short[0]);
        int pos = Arrays.binarySearch(slots, fromSlotIndex);
        if (pos >= 0) {
            rets = rets.clone();
            rets[pos] = r;
        } else {
            int ins = -pos - 1;
            long[] ns = new long[slots.length + 1];
            short[] nr = new short[rets.length + 1];
            System.arraycopy(slots, 0, ns, 0, ins);
            System.arraycopy(rets, 0, nr, 0, ins);
            ns[ins] = fromSlotIndex;
            nr[ins] = r;
            System.arraycopy(slots, ins, ns, ins + 1, slots.length - ins);
            System.arraycopy(rets, ins, nr, ins + 1, rets.length - ins);
            slots = ns;
            rets = nr;
        }
        switchSlots.put(p, slots);
        switchRetailers.put(p, rets);
    }

    private int retailerIndexOf(OperatorCode retailer) {
        Integer r = retailerIndex.get(retailer);
        if (r == null) {
            if (retailers.size() == Short.MAX_VALUE) {
                throw new IllegalStateException("too many retailers");
            }
            r = retailers.size();
            retailers.add(retailer);
            retailerIndex.put(retailer, r);
        }
        return r;
    }

    /** Number of registered supply points. */
    public synchronized int size() {
        return size;
    }

    /** Dense index of {@code id}, or -1 if unknown. */
    public synchronized int indexOf(SupplyPointId id) {
        return find(hi(id.value()), lo(id.value()));
    }

    /** The ID of point {@code index} (a new value each call; hot paths use {@link #pointChars}). */
    public synchronized SupplyPointId pointAt(int index) {
        char[] c = new char[SupplyPointId.LENGTH];
        pointChars(index, c, 0);
        return SupplyPointId.of(new String(c));
    }

    /** Writes the 22 digits of point {@code index}'s ID into {@code dst} at {@code offset}, without allocating. */
    public void pointChars(int index, char[] dst, int offset) {
        int n = size;
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("supply point index " + index + " of " + n);
        }
        long hi = idHi[index];
        long lo = idLo[index];
        for (int k = 10; k >= 0; k--) {
            dst[offset + k] = (char) ('0' + hi % 10);
            hi /= 10;
            dst[offset + 11 + k] = (char) ('0' + lo % 10);
            lo /= 10;
        }
    }

    /** Drops the spare capacity of the per-point arrays (after bulk registration). */
    public synchronized void trimToSize() {
        int n = Math.max(1, size);
        idHi = Arrays.copyOf(idHi, n);
        idLo = Arrays.copyOf(idLo, n);
        initialRetailer = Arrays.copyOf(initialRetailer, n);
    }

    /**
     * Point indexes in supply-point-ID order (numeric order of the 22 digits equals their text order). Sorts
     * primitive keys, not boxed indexes (tens of millions of points): first by the high 11 digits with the index
     * in the low bits, then each run of equal high halves by the low 11 digits the same way.
     */
    public synchronized int[] indexesInIdOrder() {
        int n = size;
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int bits = 64 - Long.numberOfLeadingZeros(n - 1L);
        if (bits == 0) {
            bits = 1;
        }
        if (bits > 26) { // 11 digits take 37 bits and the sign bit stays clear: more points than fit beside them, sort boxed
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> comparePoints(a, b));
            for (int i = 0; i < n; i++) {
                out[i] = idx[i];
            }
            return out;
        }
        long mask = (1L << bits) - 1;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (idHi[i] << bits) | i;
        }
        Arrays.sort(keys);
        for (int i = 0; i < n; i++) {
            out[i] = (int) (keys[i] & mask);
        }
        for (int from = 0; from < n; ) {
            long hi = idHi[out[from]];
            int to = from + 1;
            while (to < n && idHi[out[to]] == hi) {
                to++;
            }
            if (to - from > 1) {
                for (int k = from; k < to; k++) {
                    keys[k] = (idLo[out[k]] << bits) | out[k];
                }
                Arrays.sort(keys, from, to);
                for (int k = from; k < to; k++) {
                    out[k] = (int) (keys[k] & mask);
                }
            }
            from = to;
        }
        return out;
    }

    /** Orders two points by their IDs (numeric order of the 22 digits equals their text order). */
    public synchronized int comparePoints(int a, int b) {
        int c = Long.compare(idHi[a], idHi[b]);
        return c != 0 ? c : Long.compare(idLo[a], idLo[b]);
    }

    /** The retailer index supplying point {@code index} during slot {@code slotIndex}. */
    public synchronized int retailerIndexAt(int index, long slotIndex) {
        long[] slots = switchSlots.isEmpty() ? null : switchSlots.get(index);
        if (slots != null) {
            int pos = Arrays.binarySearch(slots, slotIndex);
            int at = pos >= 0 ? pos : -pos - 2;
            if (at >= 0) {
                return switchRetailers.get(index)[at];
            }
        }
        return initialRetailer[index];
    }

    public synchronized OperatorCode retailerAt(int index, long slotIndex) {
        return retailers.get(retailerIndexAt(index, slotIndex));
    }

    /** All retailers known so far, by retailer index. */
    public synchronized List<OperatorCode> retailers() {
        return Collections.unmodifiableList(new ArrayList<>(retailers));
    }

    public synchronized OperatorCode retailer(int retailerIndex) {
        return retailers.get(retailerIndex);
    }

    /** One scheduled switch of a point: from {@code fromSlot} (slot index) on, {@code retailer} supplies it. */
    public record Switch(long fromSlot, OperatorCode retailer) {
    }

    /** The switches scheduled for point {@code index}, in slot order (empty when none). */
    public synchronized List<Switch> switches(int index) {
        long[] slots = switchSlots.get(index);
        if (slots == null) {
            return List.of();
        }
        short[] rets = switchRetailers.get(index);
        List<Switch> out = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) {
            out.add(new Switch(slots[i], retailers.get(rets[i])));
        }
        return out;
    }

    /** The indexes of the points with at least one scheduled switch, ascending. */
    public synchronized int[] switchedPoints() {
        return switchSlots.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    public synchronized int retailerCount() {
        return retailers.size();
    }
}
