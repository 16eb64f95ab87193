package jp.ami.switching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;

/**
 * The effective-dated supply registry: which retailer supplies which supply point from which slot on.
 * Supply points get a dense index (0, 1, 2, … in registration order) that the MDMS uses for its primitive
 * arrays; retailers get a small dense index too.
 *
 * <p>Lookups ({@link #retailerIndexAt}) are allocation-free. A point without a scheduled switch costs one
 * {@code short}; switches are kept per point as parallel arrays sorted by effective slot.
 *
 * <p>Thread-safety: registration and switching are synchronized; lookups may run concurrently with them
 * only through {@code synchronized} readers or after start-up (the skeleton registers before ingest).
 * Persistence of applications and switches belongs to the switching issue.
 */
public final class SupplyRegistry {
    private final List<OperatorCode> retailers = new ArrayList<>();
    private final Map<OperatorCode, Integer> retailerIndex = new HashMap<>();
    private final Map<String, Integer> pointIndex = new HashMap<>();
    private SupplyPointId[] points = new SupplyPointId[1024];
    private short[] initialRetailer = new short[1024];
    private final Map<Integer, long[]> switchSlots = new HashMap<>();
    private final Map<Integer, short[]> switchRetailers = new HashMap<>();
    private int size;

    /** Registers a supply point supplied by {@code retailer} from the beginning of time; returns its dense index. */
    public synchronized int register(SupplyPointId id, OperatorCode retailer) {
        if (pointIndex.containsKey(id.value())) {
            throw new InvalidValueException("supplyPointId", id.value(), "is already registered");
        }
        if (size == points.length) {
            points = Arrays.copyOf(points, size * 2);
            initialRetailer = Arrays.copyOf(initialRetailer, size * 2);
        }
        int index = size++;
        points[index] = id;
        initialRetailer[index] = (short) retailerIndexOf(retailer);
        pointIndex.put(id.value(), index);
        return index;
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
        Integer i = pointIndex.get(id.value());
        return i == null ? -1 : i;
    }

    public synchronized SupplyPointId pointAt(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("supply point index " + index + " of " + size);
        }
        return points[index];
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

    public synchronized int retailerCount() {
        return retailers.size();
    }
}
