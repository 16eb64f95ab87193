package jp.ami.mdms.slots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.EnergyUnit;
import jp.ami.model.OperatorCode;
import jp.ami.model.Registers;
import jp.ami.model.Slots;
import jp.ami.switching.SupplyRegistry;

/**
 * The MDMS's in-memory slot state: turns boundary readings into 30-minute values and finalises slots.
 *
 * <h2>Model</h2>
 * A reading stamped at boundary {@code t} gives the register value of its supply point at the end of slot
 * {@code b = Slots.closedBy(t)} (and so at the start of slot {@code b + 1}). Per open boundary the engine keeps
 * the register of every point ({@code int[]}, unsigned 32-bit) and a presence bit set. The value of slot
 * {@code k} for a point is
 * {@code EnergyUnit.ofCode(unit).toUnits(Registers.delta(reg[end of k−1], reg[end of k], digits), coefficient)}
 * in 0.0001 kWh, status PRESENT when both boundaries are present, else MISSING. Unit, coefficient and
 * digits are kept per point from its latest reading. Arrival order does not matter.
 *
 * <h2>Slot life cycle</h2>
 * A slot is <em>open</em> once announced ({@link #expectSlots}, {@link #openSlot}) or implicitly: a reading at
 * boundary {@code b} opens slot {@code b + 1} (which starts there) and slot {@code b} if the boundary before it
 * is known. {@link #finalizeDue} finalises, in slot order, every open slot whose end + cutoff has passed;
 * {@link #finalizeSlot} finalises one explicitly (again, if it was already: the store de-duplicates and the
 * files are replaced). Finalising writes one row per registered point to the {@link ValueStore}, one file per
 * retailer with points in the slot to the {@link Outbox}, and notifies the listeners. A boundary's state is
 * dropped once both slots that use it are finalised. A reading for a finalised slot counts as late; it is
 * still recorded if its boundary is needed by a slot that is still open (revisions: later issue).
 *
 * <h2>Threading</h2>
 * Single-threaded: {@link #accept}, {@link #expectSlots}, {@link #openSlot}, {@link #finalizeDue} and
 * {@link #finalizeSlot} must be called from one thread (the MDMS engine thread). {@link #stats()} and the
 * listener registration may be called from any thread.
 */
public final class SlotEngine {
    private final MdmsConfig config;
    private final MasterData master;
    private final SupplyRegistry registry;
    private final ValueStore store;
    private final SlotFileWriter fileWriter;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration cutoff;
    private final List<SlotFinalizedListener> slotListeners = new CopyOnWriteArrayList<>();
    private final List<FilePublishedListener> fileListeners = new CopyOnWriteArrayList<>();

    // per supply point, from its latest reading
    private EnergyUnit[] unit = new EnergyUnit[0];
    private int[] coefficient = new int[0];
    private byte[] digits = new byte[0];

    /** Boundary states keyed by the slot that ENDS at the boundary. */
    private final TreeMap<Long, Boundary> boundaries = new TreeMap<>();
    private final TreeSet<Long> openSlots = new TreeSet<>();
    /** Highest slot finalised so far. */
    private long watermark = Long.MIN_VALUE;
    // one-entry cache of the boundary decision: readings of a batch mostly share a boundary
    private long cachedKey = Long.MIN_VALUE;
    private Boundary cachedBoundary;
    private boolean cachedLate;
    private boolean cacheValid;

    private final SlotValues values;
    private int[] sortedPoints = new int[0];
    private int[] groupPoints = new int[0];

    // counters: single writer (engine thread), read by others
    private volatile long batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late;
    private volatile long slotsFinalized, valuesStored, present, estimated, missing, filesPublished;
    private final Map<String, LongAdder> filesPerRetailer = new ConcurrentHashMap<>();
    private final ArrayDeque<SlotTiming> timings = new ArrayDeque<>();
    private static final int MAX_TIMINGS = 4096;

    public SlotEngine(MdmsConfig config, MasterData master, ValueStore store, SlotFileWriter fileWriter, Outbox outbox, Clock clock) {
        this.config = config;
        this.master = master;
        this.registry = master.registry();
        this.store = store;
        this.fileWriter = fileWriter;
        this.outbox = outbox;
        this.clock = clock;
        this.cutoff = config.cutoff();
        this.values = new SlotValues(master);
    }

    public void addSlotFinalizedListener(SlotFinalizedListener l) {
        slotListeners.add(l);
    }

    public void addFilePublishedListener(FilePublishedListener l) {
        fileListeners.add(l);
    }

    // ------------------------------------------------------------------ ingest

    /** Consumes every record of {@code batch}. Allocation-free per reading (except when a new boundary opens). */
    public void accept(ReadingBatch batch) {
        int n = batch.size();
        long acc = 0, rev = 0, unk = 0, skew = 0, inv = 0, lat = 0;
        for (int i = 0; i < n; i++) {
            if (batch.direction(i) != ReadingBatch.DIRECTION_NORMAL) {
                rev++;
                continue;
            }
            int p = master.pointOfMeter(batch.meterId(i));
            if (p < 0) {
                unk++;
                continue;
            }
            long t = batch.readingEpochSecond(i);
            if (!Slots.isBoundary(t)) {
                skew++;
                continue;
            }
            int unitCode = batch.unitCode(i);
            int d = batch.digits(i);
            int coef = batch.coefficient(i);
            long reg = batch.register(i);
            if (!EnergyUnit.isValidCode(unitCode) || d < 1 || d > 10 || coef < 1 || reg < 0 || reg > 0xFFFF_FFFFL
                    || reg >= Registers.modulus(d)) {
                inv++;
                continue;
            }
            long b = Slots.closedBy(t);
            Boundary boundary = resolve(b);
            if (cachedLate) {
                lat++;
            }
            if (boundary == null) {
                continue;
            }
            ensurePointCapacity(p);
            unit[p] = EnergyUnit.ofCode(unitCode);
            coefficient[p] = coef;
            digits[p] = (byte) d;
            boundary.set(p, (int) reg);
            acc++;
        }
        batches++;
        readings += n;
        accepted += acc;
        reverse += rev;
        unknownMeters += unk;
        clockSkew += skew;
        invalid += inv;
        late += lat;
    }

    /** The boundary state for readings at the end of slot {@code b}, or null when no open slot needs it. */
    private Boundary resolve(long b) {
        if (cacheValid && cachedKey == b) {
            return cachedBoundary;
        }
        boolean late = false;
        if (!openSlots.contains(b)) {
            if (b > watermark) {
                if (boundaries.containsKey(b - 1)) {
                    openSlots.add(b);
                }
            } else {
                late = true;
            }
        }
        if (b + 1 > watermark) {
            openSlots.add(b + 1);
        }
        Boundary boundary = null;
        if (openSlots.contains(b) || openSlots.contains(b + 1)) {
            boundary = boundaries.get(b);
            if (boundary == null) {
                boundary = new Boundary(registry.size());
                boundaries.put(b, boundary);
            }
        }
        cachedKey = b;
        cachedBoundary = boundary;
        cachedLate = late;
        cacheValid = true;
        return boundary;
    }

    private void ensurePointCapacity(int p) {
        if (p < unit.length) {
            return;
        }
        int n = Math.max(p + 1, Math.max(registry.size(), unit.length * 2));
        unit = Arrays.copyOf(unit, n);
        coefficient = Arrays.copyOf(coefficient, n);
        digits = Arrays.copyOf(digits, n);
    }

    // ------------------------------------------------------------------ slot announcements

    /** Announces slots {@code fromSlotIndex … toSlotIndex} (inclusive): they will be finalised even without readings. */
    public void expectSlots(long fromSlotIndex, long toSlotIndex) {
        for (long k = fromSlotIndex; k <= toSlotIndex; k++) {
            if (k > watermark) {
                openSlots.add(k);
            }
        }
        cacheValid = false;
    }

    /** Announces one slot. */
    public void openSlot(long slotIndex) {
        expectSlots(slotIndex, slotIndex);
    }

    /** Open slots in order (a copy). */
    public List<Long> openSlots() {
        return new ArrayList<>(openSlots);
    }

    /** Number of boundary states held. */
    public int openBoundaries() {
        return boundaries.size();
    }

    // ------------------------------------------------------------------ finalisation

    /** Finalises, in slot order, every open slot whose end + cutoff is at or before {@code now}. Returns how many. */
    public int finalizeDue(Instant now) {
        int done = 0;
        while (!openSlots.isEmpty()) {
            long k = openSlots.first();
            if (Slots.end(k).plus(cutoff).isAfter(now)) {
                break;
            }
            finalizeSlot(k);
            done++;
        }
        return done;
    }

    /** The value of slot {@code k} for every registered point as it would be finalised now (a new object). */
    public SlotValues preview(long slotIndex) {
        SlotValues v = new SlotValues(master);
        compute(slotIndex, v);
        return v;
    }

    private void compute(long k, SlotValues v) {
        int n = registry.size();
        v.reset(k, 0, n);
        Boundary start = boundaries.get(k - 1);
        Boundary end = boundaries.get(k);
        for (int p = 0; p < n; p++) {
            int r = registry.retailerIndexAt(p, k);
            if (start != null && end != null && start.has(p) && end.has(p)) {
                try {
                    long steps = Registers.delta(start.get(p), end.get(p), digits[p]);
                    v.set(p, unit[p].toUnits(steps, coefficient[p]), ValueStatus.PRESENT, r);
                } catch (ArithmeticException e) {
                    v.set(p, 0, ValueStatus.MISSING, r);
                }
            } else {
                v.set(p, 0, ValueStatus.MISSING, r);
            }
        }
    }

    /**
     * Finalises slot {@code slotIndex}: stores its values, publishes its files, notifies listeners. If the
     * store or the outbox fails, the slot stays open (it is retried by the next {@link #finalizeDue}) and the
     * exception propagates; both steps are idempotent.
     */
    public SlotStats finalizeSlot(long slotIndex) {
        Instant finalizedAt = clock.instant();
        compute(slotIndex, values);
        int n = values.count();
        int nPresent = 0, nEstimated = 0, nMissing = 0;
        for (int p = 0; p < n; p++) {
            switch (values.status(p)) {
                case PRESENT -> nPresent++;
                case ESTIMATED -> nEstimated++;
                case MISSING -> nMissing++;
            }
        }
        store.write(values, finalizedAt);
        Instant publishedAt = finalizedAt;
        int files = 0;
        try {
            int[] order = sortedPoints(n);
            int rc = registry.retailerCount();
            int[] start = new int[rc + 1];
            for (int i = 0; i < n; i++) {
                start[values.retailer(order[i]) + 1]++;
            }
            for (int r = 0; r < rc; r++) {
                start[r + 1] += start[r];
            }
            if (groupPoints.length < n) {
                groupPoints = new int[n];
            }
            int[] fill = Arrays.copyOf(start, rc);
            for (int i = 0; i < n; i++) {
                int p = order[i];
                groupPoints[fill[values.retailer(p)]++] = p;
            }
            String name = FileNames.perSlotZip(slotIndex, values.revision(), 1);
            for (int r = 0; r < rc; r++) {
                int from = start[r];
                int to = start[r + 1];
                if (from == to) {
                    continue;
                }
                OperatorCode retailer = registry.retailer(r);
                long size = outbox.publish(retailer, name, out -> fileWriter.writeZip(values, retailer, groupPoints, from, to, out));
                publishedAt = clock.instant();
                files++;
                filesPublished++;
                filesPerRetailer.computeIfAbsent(retailer.value(), x -> new LongAdder()).increment();
                for (FilePublishedListener l : fileListeners) {
                    l.filePublished(retailer, name, slotIndex, size, publishedAt);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish files of slot " + slotIndex, e);
        }
        openSlots.remove(slotIndex);
        watermark = Math.max(watermark, slotIndex);
        cacheValid = false;
        dropBoundaries();
        slotsFinalized++;
        valuesStored += n;
        present += nPresent;
        estimated += nEstimated;
        missing += nMissing;
        SlotStats stats = new SlotStats(slotIndex, n, nPresent, nEstimated, nMissing, files, finalizedAt, publishedAt);
        synchronized (timings) {
            if (timings.size() == MAX_TIMINGS) {
                timings.removeFirst();
            }
            timings.addLast(new SlotTiming(slotIndex, Slots.end(slotIndex), finalizedAt, publishedAt));
        }
        for (SlotFinalizedListener l : slotListeners) {
            l.slotFinalized(slotIndex, stats);
        }
        return stats;
    }

    /** Drops boundaries whose two slots (the one ending and the one starting there) are both finalised. */
    private void dropBoundaries() {
        Iterator<Map.Entry<Long, Boundary>> it = boundaries.headMap(watermark, false).entrySet().iterator();
        while (it.hasNext()) {
            long j = it.next().getKey();
            if (!openSlots.contains(j) && !openSlots.contains(j + 1)) {
                it.remove();
            }
        }
    }

    /** Point indexes in supply-point-ID order; recomputed when points were registered. */
    private int[] sortedPoints(int n) {
        if (sortedPoints.length != n) {
            Integer[] idx = new Integer[n];
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
                ids[i] = registry.pointAt(i).value();
            }
            Arrays.sort(idx, (a, b) -> ids[a].compareTo(ids[b]));
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = idx[i];
            }
            sortedPoints = out;
        }
        return sortedPoints;
    }

    // ------------------------------------------------------------------ stats

    public EngineStats stats() {
        Map<String, Long> perRetailer = new TreeMap<>();
        filesPerRetailer.forEach((k, v) -> perRetailer.put(k, v.sum()));
        List<SlotTiming> t;
        synchronized (timings) {
            t = List.copyOf(timings);
        }
        return new EngineStats(batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late,
                slotsFinalized, valuesStored, present, estimated, missing, filesPublished, Map.copyOf(perRetailer), t);
    }

    public MdmsConfig config() {
        return config;
    }

    /** Register values of every point at one boundary, with presence bits. */
    static final class Boundary {
        private int[] reg;
        private long[] bits;

        Boundary(int points) {
            int n = Math.max(points, 64);
            reg = new int[n];
            bits = new long[(n + 63) >>> 6];
        }

        void set(int p, int value) {
            if (p >= reg.length) {
                int n = Math.max(p + 1, reg.length * 2);
                reg = Arrays.copyOf(reg, n);
                bits = Arrays.copyOf(bits, (n + 63) >>> 6);
            }
            reg[p] = value;
            bits[p >>> 6] |= 1L << p;
        }

        boolean has(int p) {
            return p < reg.length && (bits[p >>> 6] & (1L << p)) != 0;
        }

        long get(int p) {
            return reg[p] & 0xFFFF_FFFFL;
        }
    }
}
