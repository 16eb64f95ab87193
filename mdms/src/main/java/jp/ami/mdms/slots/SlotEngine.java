package jp.ami.mdms.slots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.EnergyUnit;
import jp.ami.model.OperatorCode;
import jp.ami.model.Registers;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * The MDMS's slot state machine: turns boundary readings into 30-minute values, validates and estimates them
 * (VEE), finalises slots, revises finalised values when better readings arrive, and publishes per-slot and
 * per-day files.
 *
 * <h2>Determinism (crash safety)</h2>
 * Everything this class produces — values, statuses, revisions, file bytes, QuestDB rows (including
 * {@code written_at}) — is a function of the sequence of {@link #accept journal documents} and
 * {@link #finalizeSlot ticks} alone: time stamps derive from slot ends and the cut-off, never from the clock
 * (the clock only feeds {@link SlotStats}/{@link SlotTiming} latency figures and listener times). The MDMS
 * server logs where each tick happened in the journal and replays the same sequence after a crash, with
 * {@link #sideEffects(boolean) side effects off} for ticks already completed.
 *
 * <h2>Values</h2>
 * A reading stamped at boundary {@code t} gives the register at the end of slot {@code b = Slots.closedBy(t)}.
 * Per open boundary the engine keeps every point's register ({@code int[]}) and presence / clock-skew /
 * conflict bits. The value of slot {@code k} = {@code (reg[k] − reg[k−1]) mod 10^digits × unit × coefficient}
 * in 0.0001 kWh (PRESENT), validated per {@link Vee}. A point lacking a boundary reading gets a sparse
 * {@link Gap}: once a later real reading closes the gap, the known cumulative difference is distributed over
 * the missing slots (ESTIMATED; largest-remainder rounding keeps the sum exact), shaped by the point's values
 * on the like day (same slots 7 days earlier, when all are measured and their sum is positive), linear
 * otherwise. A gap still open at the cut-off is delivered MISSING. A meter exchange (master data) inside a
 * slot gives {@code (old final − old previous) + (new current − new initial)}.
 *
 * <h2>Ticks</h2>
 * {@link #finalizeSlot finalising slot k} (the tick at k's cut-off) first issues revisions: every finalised
 * slot (within the revision horizon of 2 days) of a point whose gap readings changed is recomputed; changed
 * values are written to the store with the slot's next revision number and the per-slot files of the affected
 * retailers are re-issued with that revision (all the retailer's points, from {@link DayValues}); an already
 * issued per-day file of an affected day is re-issued likewise. Then slot k is computed, stored and published;
 * after slot 48 of a JST day the per-day files (W41120…) of that day are published. Files are split every
 * {@link MdmsConfig#recordsPerFile()} supply points. {@code written_at} and the files' created-at are the
 * tick's cut-off ({@code end(k) + cutoff}).
 *
 * <h2>Threading</h2>
 * Single-threaded: everything but {@link #stats()} and listener registration runs on the engine thread, except
 * that a slot's files are written by a small pool ({@link #PUBLISH_THREADS}, one {@link SlotFileWriter} each)
 * while the engine thread writes the slot's rows to the store; the engine thread waits for every file and then
 * announces them to the listeners in file order, so what is published, and in what order it is announced, is
 * the same as single-threaded.
 */
public final class SlotEngine implements AutoCloseable {
    /** Revisions reach back this many slots (2 days); older gaps are dropped. */
    public static final int REVISION_HORIZON_SLOTS = 96;
    /** The like day for estimation profiles: 7 days earlier. */
    public static final int LIKE_DAY_SLOTS = 7 * Slots.SLOTS_PER_DAY;

    private final MdmsConfig config;
    private final MasterData master;
    private final SupplyRegistry registry;
    private final ValueStore store;
    private final SlotFileWriter fileWriter;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration cutoff;
    private final long toleranceSeconds;
    private final DayValues days;
    private final List<SlotFinalizedListener> slotListeners = new CopyOnWriteArrayList<>();
    private final List<FilePublishedListener> fileListeners = new CopyOnWriteArrayList<>();
    private boolean sideEffects = true;

    // dense per supply point, from its latest reading: 6 bytes
    private byte[] unitCode = new byte[0];
    private byte[] digits = new byte[0];
    private int[] coefficient = new int[0];

    /** Boundary states keyed by the slot that ENDS at the boundary. */
    private final TreeMap<Long, Boundary> boundaries = new TreeMap<>();
    private final TreeSet<Long> openSlots = new TreeSet<>();
    private long watermark = Long.MIN_VALUE;
    private final HashMap<Integer, Gap> gaps = new HashMap<>();
    /** Bit per point: has an entry in {@link #gaps} (saves the boxed map lookup on the hot paths). */
    private long[] gapBits = new long[0];
    private final ArrayDeque<Gap> dirty = new ArrayDeque<>();
    private final HashMap<Long, Integer> slotRevision = new HashMap<>();
    private final HashMap<Long, Integer> dayRevision = new HashMap<>();

    private long cachedKey = Long.MIN_VALUE;
    private Boundary cachedBoundary;
    private boolean cachedLate;
    private boolean cacheValid;

    private final SlotValues values;
    /** Point indexes in ID order, or null when that is registration order (kept only when it is not). */
    private int[] sortedPoints;
    /** The point count {@link #sortedPoints} was determined for; -1 before. */
    private int sortedFor = -1;
    private final long[] profile = new long[Slots.SLOTS_PER_DAY * 2];

    // counters: single writer (engine thread), read by others
    private volatile long batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late;
    private volatile long slotsFinalized, valuesStored, present, estimated, missing, filesPublished;
    private volatile long skewSnapped, conflicts, wrongMeter, negativeDeltas, overCapacity, revisedValues, revisionsIssued, dayFiles;
    private final Map<String, LongAdder> filesPerRetailer = new ConcurrentHashMap<>();
    private final ArrayDeque<SlotTiming> timings = new ArrayDeque<>();
    private static final int MAX_TIMINGS = 4096;
    /** Threads writing a slot's files (XML + deflate dominate finalisation at scale): one per core, at most 4. */
    public static final int PUBLISH_THREADS = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));
    private java.util.concurrent.ExecutorService publishPool;
    private volatile long[] lastFinalizeNanos = new long[3];
    private final ThreadLocal<SlotFileWriter> poolWriters;

    public SlotEngine(MdmsConfig config, MasterData master, ValueStore store, SlotFileWriter fileWriter, Outbox outbox, Clock clock) {
        this.config = config;
        this.master = master;
        this.registry = master.registry();
        this.store = store;
        this.fileWriter = fileWriter;
        this.poolWriters = ThreadLocal.withInitial(() -> new SlotFileWriter(config));
        this.outbox = outbox;
        this.clock = clock;
        this.cutoff = config.cutoff();
        this.toleranceSeconds = config.clockSkewTolerance().toSeconds();
        this.values = new SlotValues(master);
        this.days = new DayValues(config.dataDir().resolve("days"), registry.size());
        int n = registry.size();
        gapBits = new long[(n + 63) >>> 6];
        unitCode = new byte[n];
        digits = new byte[n];
        coefficient = new int[n];
        sortedPoints(n); // the file order, once at start-up rather than inside the first slot's finalisation
    }

    public void addSlotFinalizedListener(SlotFinalizedListener l) {
        slotListeners.add(l);
    }

    public void addFilePublishedListener(FilePublishedListener l) {
        fileListeners.add(l);
    }

    /** Takes over the listeners of {@code other} (an engine rebuilt by replay keeps its listeners). */
    public void copyListenersFrom(SlotEngine other) {
        slotListeners.addAll(other.slotListeners);
        fileListeners.addAll(other.fileListeners);
    }

    /**
     * With side effects off (replay of ticks already completed before a crash), ticks update the state
     * (values, gaps, revision numbers, {@link DayValues}) but write no rows, publish no files and call no listener.
     */
    public void sideEffects(boolean on) {
        this.sideEffects = on;
    }

    // ------------------------------------------------------------------ ingest

    /** Consumes every record of {@code batch} (one journal document). Allocation-free per reading in the common case. */
    public void accept(ReadingBatch batch) {
        int n = batch.size();
        long acc = 0, rev = 0, unk = 0, skew = 0, inv = 0, lat = 0, snapped = 0, conf = 0, wrong = 0;
        for (int i = 0; i < n; i++) {
            if (batch.direction(i) != ReadingBatch.DIRECTION_NORMAL) {
                rev++;
                continue;
            }
            long meter = batch.meterId(i);
            int p = master.pointOfMeter(meter);
            if (p < 0) {
                unk++;
                continue;
            }
            long t = batch.readingEpochSecond(i);
            long bt = Math.floorDiv(t + Slots.SECONDS_PER_SLOT / 2, Slots.SECONDS_PER_SLOT) * Slots.SECONDS_PER_SLOT;
            long off = Math.abs(t - bt);
            if (off > toleranceSeconds || t > Math.floorDiv(batch.receivedEpochMillis(i), 1000) + toleranceSeconds) {
                skew++;
                continue;
            }
            int uc = batch.unitCode(i);
            int d = batch.digits(i);
            int coef = batch.coefficient(i);
            long reg = batch.register(i);
            if (!EnergyUnit.isValidCode(uc) || d < 1 || d > 10 || coef < 1 || reg < 0 || reg > 0xFFFF_FFFFL
                    || reg >= Registers.modulus(d)) {
                inv++;
                continue;
            }
            long b = Slots.closedBy(bt);
            Exchange x = master.exchange(p);
            if (x != null && (meter == x.oldMeter() ? b >= x.slot() : b < x.slot())) {
                wrong++;
                continue;
            }
            if (off != 0) {
                snapped++;
            }
            unitCode[p] = (byte) uc;
            coefficient[p] = coef;
            digits[p] = (byte) d;
            Gap g = gapOf(p);
            if (g != null && b >= g.first - 1) {
                if (!g.add(b, reg)) {
                    conf++;
                } else if (g.issuedCount > 0 && !g.dirty) {
                    g.dirty = true;
                    dirty.add(g);
                }
            }
            Boundary boundary = resolve(b);
            if (cachedLate) {
                lat++;
            }
            if (boundary != null && !boundary.set(p, (int) reg, off != 0)) {
                if (g == null) {
                    conf++;
                }
            }
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
        skewSnapped += snapped;
        conflicts += conf;
        wrongMeter += wrong;
    }

    /** The boundary state for readings at the end of slot {@code b}, or null when no open slot needs it. */
    private Boundary resolve(long b) {
        if (cacheValid && cachedKey == b) {
            return cachedBoundary;
        }
        boolean isLate = false;
        if (!openSlots.contains(b)) {
            if (b > watermark) {
                if (boundaries.containsKey(b - 1)) {
                    openSlots.add(b);
                }
            } else {
                isLate = true;
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
        cachedLate = isLate;
        cacheValid = true;
        return boundary;
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

    public void openSlot(long slotIndex) {
        expectSlots(slotIndex, slotIndex);
    }

    /** Open slots in order (a copy). */
    public List<Long> openSlots() {
        return new ArrayList<>(openSlots);
    }

    /** The first open slot, or {@code Long.MAX_VALUE}. */
    public long firstOpenSlot() {
        return openSlots.isEmpty() ? Long.MAX_VALUE : openSlots.first();
    }

    /** When slot {@code k} is due: its end + cut-off. */
    public Instant dueAt(long slotIndex) {
        return Slots.end(slotIndex).plus(cutoff);
    }

    /** Number of boundary states held. */
    public int openBoundaries() {
        return boundaries.size();
    }

    /** Points currently tracked with a gap. */
    public int gapPoints() {
        return gaps.size();
    }

    /** Latest revision issued for {@code slotIndex} (0 = first issue), or -1 if not finalised / beyond the horizon. */
    public int revision(long slotIndex) {
        return slotRevision.getOrDefault(slotIndex, -1);
    }

    // ------------------------------------------------------------------ finalisation

    /** Finalises, in slot order, every open slot whose end + cutoff is at or before {@code now}. Returns how many. */
    public int finalizeDue(Instant now) {
        int done = 0;
        while (!openSlots.isEmpty()) {
            long k = openSlots.first();
            if (dueAt(k).isAfter(now)) {
                break;
            }
            finalizeSlot(k);
            done++;
        }
        return done;
    }

    /** The values of slot {@code k} as the engine would issue them now (a new object; no state change). */
    public SlotValues preview(long slotIndex) {
        SlotValues v = new SlotValues(master);
        int n = registry.size();
        v.reset(slotIndex, 0, n);
        Boundary start = boundaries.get(slotIndex - 1);
        Boundary end = boundaries.get(slotIndex);
        for (int p = 0; p < n; p++) {
            long packed;
            Gap g = gaps.get(p);
            if (g != null) {
                packed = valueFromGap(g, slotIndex);
            } else if (start != null && end != null && start.has(p) && end.has(p)) {
                packed = measured(p, slotIndex, start, end);
            } else {
                Gap tmp = new Gap(p, slotIndex);
                addRingReadings(tmp, Long.MIN_VALUE);
                packed = valueFromGap(tmp, slotIndex);
            }
            set(v, p, packed, registry.retailerIndexAt(p, slotIndex));
        }
        return v;
    }

    private static void set(SlotValues v, int p, long packed, int retailer) {
        ValueStatus s = Vee.status(packed);
        v.set(p, s == ValueStatus.MISSING ? 0 : Vee.units(packed), s, retailer, Vee.flags(packed));
    }

    private long measured(int p, long k, Boundary start, Boundary end) {
        long packed = span(p, k - 1, start.get(p), k, end.get(p));
        int extra = 0;
        if (start.skewed(p) || end.skewed(p)) {
            extra |= Vee.CLOCK_SKEW;
        }
        if (start.conflict(p) || end.conflict(p)) {
            extra |= Vee.DUPLICATE_CONFLICT;
        }
        return extra == 0 ? packed : packed | ((long) extra << 48);
    }

    /**
     * The validated energy between real readings at boundaries {@code a < b}: PRESENT with the exact units, or
     * MISSING flagged NEGATIVE / OVER_CAPACITY. Accounts for a meter exchange inside the span.
     */
    private long span(int p, long a, long regA, long b, long regB) {
        int d = digits[p];
        EnergyUnit unit = EnergyUnit.ofCode(unitCode[p]);
        int flags = 0;
        long steps;
        boolean backwards;
        Exchange x = master.exchange(p);
        if (x != null && a < x.slot() && b >= x.slot()) {
            steps = Registers.delta(regA, x.oldFinal(), d) + Registers.delta(x.newInitial(), regB, d);
            backwards = x.oldFinal() < regA || regB < x.newInitial();
            flags |= Vee.EXCHANGE;
        } else {
            steps = Registers.delta(regA, regB, d);
            backwards = regB < regA;
        }
        long units;
        try {
            units = unit.toUnits(steps, coefficient[p]);
        } catch (ArithmeticException e) {
            return Vee.pack(0, ValueStatus.MISSING, flags | Vee.OVER_CAPACITY);
        }
        // a register counts whole steps: the delta may show up to one step (unit × coefficient) more than passed
        long cap = Vee.capacityUnitsPerSlot(master.contractAmperes(p)) * (b - a) + unit.toUnits(1, coefficient[p]);
        if (units > cap) {
            return Vee.pack(0, ValueStatus.MISSING, flags | (backwards ? Vee.NEGATIVE : Vee.OVER_CAPACITY));
        }
        return Vee.pack(units, ValueStatus.PRESENT, flags);
    }

    /** The value of slot {@code s} from a gap's real readings. */
    private long valueFromGap(Gap g, long s) {
        int ia = g.atOrBefore(s - 1);
        if (ia < 0) {
            return Vee.pack(0, ValueStatus.MISSING, Vee.GAP);
        }
        int ib = ia + 1;
        if (ib >= g.n) {
            return Vee.pack(0, ValueStatus.MISSING, Vee.GAP);
        }
        long a = g.bnd[ia];
        long b = g.bnd[ib];
        if (b < s) { // cannot happen: ia is the last reading at or before s − 1
            return Vee.pack(0, ValueStatus.MISSING, Vee.GAP);
        }
        int p = g.point;
        long whole = span(p, a, g.reg[ia], b, g.reg[ib]);
        if (a == s - 1 && b == s) {
            return whole;
        }
        int xflag = 0;
        Exchange x = master.exchange(p);
        if (x != null && x.slot() == s) {
            xflag = Vee.EXCHANGE;
        }
        if (Vee.status(whole) == ValueStatus.MISSING) {
            return Vee.pack(0, ValueStatus.MISSING, (Vee.flags(whole) & ~Vee.EXCHANGE) | Vee.GAP | xflag);
        }
        long units = share(p, Vee.units(whole), a + 1, (int) (b - a), s);
        return Vee.pack(units, ValueStatus.ESTIMATED, Vee.GAP | xflag);
    }

    /**
     * The share of slot {@code s} when {@code total} units are distributed over {@code n} slots from
     * {@code firstSlot}: weights are the like-day values when every one of them is measured and they sum to more
     * than 0, else equal. Largest remainder: floor shares, then one unit each to the slots with the largest
     * remainders (earlier slot first on ties), so the shares sum to {@code total} exactly.
     */
    long share(int p, long total, long firstSlot, int n, long s) {
        long[] w = n <= profile.length ? profile : new long[n];
        long sum = 0;
        boolean useProfile = true;
        for (int i = 0; i < n; i++) {
            long v = days.get(firstSlot + i - LIKE_DAY_SLOTS, p);
            if (!Vee.isSet(v) || Vee.status(v) != ValueStatus.PRESENT || Vee.units(v) < 0) {
                useProfile = false;
                break;
            }
            w[i] = Vee.units(v);
            sum += w[i];
        }
        if (!useProfile || sum <= 0) {
            Arrays.fill(w, 0, n, 1);
            sum = n;
        }
        long[] q = new long[n];
        long[] rem = new long[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            // total × w / sum without overflow: total ≤ 2^40-ish, w ≤ sum
            java.math.BigInteger[] qr = java.math.BigInteger.valueOf(total).multiply(java.math.BigInteger.valueOf(w[i]))
                    .divideAndRemainder(java.math.BigInteger.valueOf(sum));
            q[i] = qr[0].longValueExact();
            rem[i] = qr[1].longValueExact();
            given += q[i];
        }
        long left = total - given; // 0 ≤ left < n
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> rem[y] != rem[x] ? Long.compare(rem[y], rem[x]) : Integer.compare(x, y));
        for (int i = 0; i < left; i++) {
            q[order[i]]++;
        }
        return q[(int) (s - firstSlot)];
    }

    private Gap gapOf(int p) {
        return (gapBits[p >>> 6] & (1L << p)) == 0 ? null : gaps.get(p);
    }

    private void removeGap(int p) {
        gaps.remove(p);
        gapBits[p >>> 6] &= ~(1L << p);
    }

    /** Adds the ring's readings of the gap's point at boundaries from {@code fromBoundary} on. */
    private void addRingReadings(Gap g, long fromBoundary) {
        for (Map.Entry<Long, Boundary> e : boundaries.tailMap(fromBoundary, true).entrySet()) {
            if (e.getValue().has(g.point)) {
                g.add(e.getKey(), e.getValue().get(g.point));
            }
        }
    }

    /**
     * The tick of slot {@code slotIndex}: issues due revisions, then finalises the slot (store, files,
     * listeners), and after slot 48 the per-day files. If the store or the outbox fails the exception
     * propagates; the server's replay redoes the tick (all steps are idempotent).
     */
    public SlotStats finalizeSlot(long slotIndex) {
        Instant wallStart = clock.instant();
        long t0 = System.nanoTime();
        Instant due = dueAt(slotIndex);
        LocalDateTime createdAt = LocalDateTime.ofInstant(due, Slots.JST);
        Map<Long, java.util.BitSet> dayRetailers = new TreeMap<>();
        issueRevisions(due, createdAt, dayRetailers);

        int n = registry.size();
        values.reset(slotIndex, 0, n);
        Boundary start = boundaries.get(slotIndex - 1);
        Boundary end = boundaries.get(slotIndex);
        int nPresent = 0, nEstimated = 0, nMissing = 0;
        for (int p = 0; p < n; p++) {
            long packed;
            Gap g = gapOf(p);
            if (g == null && start != null && end != null && start.has(p) && end.has(p)) {
                packed = measured(p, slotIndex, start, end);
            } else {
                if (g == null && start != null && start.has(p)) {
                    g = new Gap(p, slotIndex);
                    g.add(slotIndex - 1, start.get(p));
                    addRingReadings(g, slotIndex);
                    gaps.put(p, g);
                    gapBits[p >>> 6] |= 1L << p;
                }
                if (g != null) {
                    packed = valueFromGap(g, slotIndex);
                    g.issue(slotIndex, packed);
                } else {
                    packed = Vee.pack(0, ValueStatus.MISSING, Vee.GAP);
                }
            }
            int f = Vee.flags(packed);
            if ((f & Vee.NEGATIVE) != 0) {
                negativeDeltas++;
            }
            if ((f & Vee.OVER_CAPACITY) != 0) {
                overCapacity++;
            }
            switch (Vee.status(packed)) {
                case PRESENT -> nPresent++;
                case ESTIMATED -> nEstimated++;
                case MISSING -> nMissing++;
            }
            days.put(slotIndex, p, packed);
            set(values, p, packed, registry.retailerIndexAt(p, slotIndex));
        }
        slotRevision.put(slotIndex, 0);
        Instant publishedAt = wallStart;
        int files = 0;
        long t1 = System.nanoTime();
        long[] storeNanos = new long[1];
        if (sideEffects) {
            int[] all = sortedPoints(n);
            files = publishSlotFiles(values, all, n, null, createdAt, () -> {
                long s0 = System.nanoTime();
                store.write(values, due);
                storeNanos[0] = System.nanoTime() - s0;
            });
            publishedAt = clock.instant();
        }
        lastFinalizeNanos = new long[] {t1 - t0, storeNanos[0], System.nanoTime() - t1};
        openSlots.remove(slotIndex);
        watermark = Math.max(watermark, slotIndex);
        cacheValid = false;
        dropBoundaries();
        dropOldGaps(slotIndex);
        if (Slots.number(slotIndex) == Slots.SLOTS_PER_DAY) {
            long day = Slots.jstEpochDay(slotIndex);
            dayRevision.put(day, 0);
            java.util.BitSet allRetailers = new java.util.BitSet();
            allRetailers.set(0, registry.retailerCount());
            dayRetailers.put(day, allRetailers);
        }
        for (Map.Entry<Long, java.util.BitSet> e : dayRetailers.entrySet()) {
            if (sideEffects) {
                files += publishDayFiles(e.getKey(), dayRevision.get(e.getKey()), e.getValue(), createdAt);
            }
        }
        if (sideEffects) {
            publishedAt = clock.instant();
        }
        slotsFinalized++;
        valuesStored += n;
        present += nPresent;
        estimated += nEstimated;
        missing += nMissing;
        SlotStats stats = new SlotStats(slotIndex, n, nPresent, nEstimated, nMissing, files, wallStart, publishedAt);
        synchronized (timings) {
            if (timings.size() == MAX_TIMINGS) {
                timings.removeFirst();
            }
            timings.addLast(new SlotTiming(slotIndex, Slots.end(slotIndex), wallStart, publishedAt));
        }
        if (sideEffects) {
            for (SlotFinalizedListener l : slotListeners) {
                l.slotFinalized(slotIndex, stats);
            }
        }
        return stats;
    }

    /** Recomputes the finalised slots of every point whose gap got new readings; re-issues what changed. */
    private void issueRevisions(Instant due, LocalDateTime createdAt, Map<Long, java.util.BitSet> dayRetailers) {
        if (dirty.isEmpty()) {
            return;
        }
        TreeMap<Long, List<Integer>> revised = new TreeMap<>();
        while (!dirty.isEmpty()) {
            Gap g = dirty.poll();
            g.dirty = false;
            if (gaps.get(g.point) != g) {
                continue;
            }
            boolean allMeasured = true;
            for (long s = g.first; s <= watermark && s < g.first + g.issuedCount; s++) {
                long now = valueFromGap(g, s);
                long before = g.issued(s);
                if (now != before) {
                    g.issue(s, now);
                    days.put(s, g.point, now);
                    revised.computeIfAbsent(s, x -> new ArrayList<>()).add(g.point);
                    adjust(Vee.status(before), -1);
                    adjust(Vee.status(now), +1);
                    revisedValues++;
                }
                if (Vee.status(now) != ValueStatus.PRESENT) {
                    allMeasured = false;
                }
            }
            int last = g.atOrBefore(watermark);
            if (allMeasured && last >= 0 && g.bnd[last] == watermark) {
                removeGap(g.point); // fully measured again: back to the ring path
            }
        }
        SlotValues v = new SlotValues(master);
        for (Map.Entry<Long, List<Integer>> e : revised.entrySet()) {
            long s = e.getKey();
            int rev = slotRevision.merge(s, 1, Integer::sum);
            if (rev > 99) {
                rev = 99;
                slotRevision.put(s, 99);
            }
            revisionsIssued++;
            int n = registry.size();
            v.reset(s, rev, n);
            for (int p = 0; p < n; p++) {
                set(v, p, days.get(s, p), registry.retailerIndexAt(p, s));
            }
            int[] pts = e.getValue().stream().mapToInt(Integer::intValue).sorted().toArray();
            java.util.BitSet affected = new java.util.BitSet();
            for (int p : pts) {
                affected.set(registry.retailerIndexAt(p, s));
            }
            long day = Slots.jstEpochDay(s);
            if (dayRevision.containsKey(day)) {
                dayRetailers.computeIfAbsent(day, x -> {
                    dayRevision.merge(day, 1, Integer::sum);
                    return new java.util.BitSet();
                }).or(affected);
            }
            if (sideEffects) {
                publishSlotFiles(v, sortedPoints(n), n, affected, createdAt, () -> store.write(v, pts, pts.length, due));
            }
        }
    }

    private void adjust(ValueStatus s, int by) {
        switch (s) {
            case PRESENT -> present += by;
            case ESTIMATED -> estimated += by;
            case MISSING -> missing += by;
        }
    }

    /** Publishes the per-slot files of {@code v} for every retailer (or those in {@code only}); returns how many. */
    /** One file of a slot to write: retailer index, split number and the range of {@code groupPoints}. */
    private record FileJob(int retailer, String name, int from, int to, int split) {
    }

    /**
     * Publishes the slot's files of every retailer (or of those in {@code only}), split every
     * {@code recordsPerFile} points, and runs {@code storeWrite} on this thread meanwhile. Files are written by the
     * publish pool when there are several; listeners hear of them afterwards, in file order, on this thread.
     */
    private int publishSlotFiles(SlotValues v, int[] order, int n, java.util.BitSet only, LocalDateTime createdAt,
                                 Runnable storeWrite) {
        long slotIndex = v.slotIndex();
        int rc = registry.retailerCount();
        int[] start = new int[rc + 1];
        for (int i = 0; i < n; i++) {
            start[v.retailer(order[i]) + 1]++;
        }
        for (int r = 0; r < rc; r++) {
            start[r + 1] += start[r];
        }
        // points grouped by retailer, in ID order within each group: only while the slot is published (4 B per
        // point not kept between slots)
        int[] groupPoints = new int[n];
        int[] fill = Arrays.copyOf(start, rc);
        for (int i = 0; i < n; i++) {
            int p = order[i];
            groupPoints[fill[v.retailer(p)]++] = p;
        }
        int per = config.recordsPerFile();
        List<FileJob> jobs = new java.util.ArrayList<>();
        for (int r = 0; r < rc; r++) {
            if (start[r] == start[r + 1] || (only != null && !only.get(r))) {
                continue;
            }
            int split = 1;
            for (int from = start[r]; from < start[r + 1]; from += per, split++) {
                jobs.add(new FileJob(r, FileNames.perSlotZip(slotIndex, v.revision(), split), from,
                        Math.min(start[r + 1], from + per), split));
            }
        }
        int[] points = groupPoints;
        long[] sizes = new long[jobs.size()];
        if (jobs.size() < 2 || PUBLISH_THREADS < 2) {
            storeWrite.run();
            for (int j = 0; j < jobs.size(); j++) {
                sizes[j] = writeSlotFile(v, jobs.get(j), points, createdAt, fileWriter);
            }
        } else {
            if (publishPool == null) {
                java.util.concurrent.atomic.AtomicInteger k = new java.util.concurrent.atomic.AtomicInteger();
                publishPool = java.util.concurrent.Executors.newFixedThreadPool(PUBLISH_THREADS, r -> {
                    Thread t = new Thread(r, "mdms-publish-" + k.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>(jobs.size());
            for (int j = 0; j < jobs.size(); j++) {
                int jj = j;
                futures.add(publishPool.submit(() -> sizes[jj] = writeSlotFile(v, jobs.get(jj), points, createdAt, poolWriters.get())));
            }
            RuntimeException storeFailure = null;
            try {
                storeWrite.run();
            } catch (RuntimeException e) {
                storeFailure = e;
            }
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing slot " + slotIndex, e);
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
                }
            }
            if (storeFailure != null) {
                throw storeFailure;
            }
        }
        for (int j = 0; j < jobs.size(); j++) {
            FileJob job = jobs.get(j);
            published(registry.retailer(job.retailer()), job.name(), slotIndex, sizes[j]);
        }
        return jobs.size();
    }

    private long writeSlotFile(SlotValues v, FileJob job, int[] points, LocalDateTime createdAt, SlotFileWriter writer) {
        OperatorCode retailer = registry.retailer(job.retailer());
        try {
            return outbox.publish(retailer, job.name(),
                    out -> writer.writeZip(v, retailer, points, job.from(), job.to(), job.split(), createdAt, out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + job.name() + " of slot " + v.slotIndex() + " for " + retailer, e);
        }
    }

    private int publishDayFiles(long epochDay, int revision, java.util.BitSet retailers, LocalDateTime createdAt) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        long first = Slots.firstOfDay(epochDay);
        int n = registry.size();
        int[] order = sortedPoints(n);
        int per = config.recordsPerFile();
        int files = 0;
        try {
            for (int r = retailers.nextSetBit(0); r >= 0; r = retailers.nextSetBit(r + 1)) {
                int[] mine = new int[n];
                int m = 0;
                for (int i = 0; i < n; i++) {
                    int p = order[i];
                    for (long s = first; s < first + Slots.SLOTS_PER_DAY; s++) {
                        if (registry.retailerIndexAt(p, s) == r) {
                            mine[m++] = p;
                            break;
                        }
                    }
                }
                if (m == 0) {
                    continue;
                }
                OperatorCode retailer = registry.retailer(r);
                int ri = r;
                int split = 1;
                for (int from = 0; from < m; from += per, split++) {
                    int f = from;
                    int to = Math.min(m, from + per);
                    int sp = split;
                    String name = FileNames.perDayZip(date, revision, split);
                    long size = outbox.publish(retailer, name, out -> fileWriter.writeDayZip(date, revision, sp, master, retailer, ri,
                            mine, f, to, days, createdAt, out));
                    published(retailer, name, first + Slots.SLOTS_PER_DAY - 1, size);
                    files++;
                    dayFiles++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish per-day files of " + date, e);
        }
        return files;
    }

    private void published(OperatorCode retailer, String name, long slotIndex, long size) {
        Instant at = clock.instant();
        filesPublished++;
        filesPerRetailer.computeIfAbsent(retailer.value(), x -> new LongAdder()).increment();
        for (FilePublishedListener l : fileListeners) {
            l.filePublished(retailer, name, slotIndex, size, at);
        }
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

    private void dropOldGaps(long k) {
        long limit = k - REVISION_HORIZON_SLOTS;
        if (!gaps.isEmpty()) {
            gaps.values().removeIf(g -> {
                if (g.first < limit) {
                    gapBits[g.point >>> 6] &= ~(1L << g.point);
                    return true;
                }
                return false;
            });
        }
        slotRevision.keySet().removeIf(s -> s < limit);
        dayRevision.keySet().removeIf(d -> d < Slots.jstEpochDay(limit));
        days.release(limit - LIKE_DAY_SLOTS);
    }

    /**
     * Point indexes in supply-point-ID order; recomputed when points were registered. When the points were
     * registered in ID order (a master-data file sorted by ID) no order is kept — 4 bytes per point — and each call
     * returns a fresh identity array.
     */
    private int[] sortedPoints(int n) {
        if (sortedFor != n) {
            int[] order = registry.indexesInIdOrder();
            boolean identity = true;
            for (int i = 0; i < order.length && identity; i++) {
                identity = order[i] == i;
            }
            sortedPoints = identity ? null : order;
            sortedFor = n;
        }
        if (sortedPoints != null) {
            return sortedPoints;
        }
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        return identity;
    }

    // ------------------------------------------------------------------ stats

    /**
     * Where the last finalised slot's time went, in nanoseconds: {revisions + computing the values, writing the
     * rows to the store (engine thread, while the files are written), writing the store rows and the files
     * together (until the last file was published)}.
     */
    public long[] lastFinalizeNanos() {
        return lastFinalizeNanos.clone();
    }

    public EngineStats stats() {
        Map<String, Long> perRetailer = new TreeMap<>();
        filesPerRetailer.forEach((k, v) -> perRetailer.put(k, v.sum()));
        List<SlotTiming> t;
        synchronized (timings) {
            t = List.copyOf(timings);
        }
        return new EngineStats(batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late,
                slotsFinalized, valuesStored, present, estimated, missing, filesPublished, Map.copyOf(perRetailer), t,
                skewSnapped, conflicts, wrongMeter, negativeDeltas, overCapacity, revisedValues, revisionsIssued, dayFiles);
    }

    public MdmsConfig config() {
        return config;
    }

    /** The issued values, per (slot, point). */
    public DayValues days() {
        return days;
    }

    @Override
    public void close() {
        if (publishPool != null) {
            publishPool.shutdownNow();
        }
        days.close();
    }

    // ------------------------------------------------------------------ snapshot

    private static final long SNAPSHOT_MAGIC = 0x4D444D53_534E4150L; // "MDMSSNAP"
    private static final int SNAPSHOT_VERSION = 1;

    /**
     * Writes the whole engine state (not the listeners, files or store) to {@code out}: restoring it into an
     * engine over the same master data continues exactly where this one stands. Issued values are not in it:
     * they are on disk already ({@link DayValues}).
     */
    public void snapshot(java.io.DataOutputStream out) throws IOException {
        out.writeLong(SNAPSHOT_MAGIC);
        out.writeInt(SNAPSHOT_VERSION);
        out.writeInt(registry.size());
        out.writeLong(watermark);
        long[] counters = {batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late, slotsFinalized,
                valuesStored, present, estimated, missing, filesPublished, skewSnapped, conflicts, wrongMeter, negativeDeltas,
                overCapacity, revisedValues, revisionsIssued, dayFiles};
        out.writeInt(counters.length);
        for (long c : counters) {
            out.writeLong(c);
        }
        out.write(unitCode);
        out.write(digits);
        writeInts(out, coefficient, coefficient.length);
        out.writeInt(openSlots.size());
        for (long k : openSlots) {
            out.writeLong(k);
        }
        out.writeInt(boundaries.size());
        for (Map.Entry<Long, Boundary> e : boundaries.entrySet()) {
            out.writeLong(e.getKey());
            Boundary b = e.getValue();
            out.writeInt(b.reg.length);
            writeInts(out, b.reg, b.reg.length);
            writeLongs(out, b.bits, b.bits.length);
            writeLongs(out, b.skew, b.skew.length);
            writeLongs(out, b.conflict, b.conflict.length);
        }
        out.writeInt(gaps.size());
        for (Gap g : new TreeMap<>(gaps).values()) {
            out.writeInt(g.point);
            out.writeLong(g.first);
            out.writeInt(g.n);
            writeLongs(out, g.bnd, g.n);
            writeLongs(out, g.reg, g.n);
            out.writeInt(g.issuedCount);
            writeLongs(out, g.issued, g.issuedCount);
        }
        out.writeInt(dirty.size());
        for (Gap g : dirty) {
            out.writeInt(g.point);
        }
        writeMap(out, slotRevision);
        writeMap(out, dayRevision);
        out.writeLong(SNAPSHOT_MAGIC);
    }

    /** Restores a {@link #snapshot}; returns false (state untouched) when it does not fit this master data. */
    public boolean restore(java.io.DataInputStream in) throws IOException {
        if (in.readLong() != SNAPSHOT_MAGIC || in.readInt() != SNAPSHOT_VERSION || in.readInt() != registry.size()) {
            return false;
        }
        int n = registry.size();
        watermark = in.readLong();
        long[] c = new long[in.readInt()];
        for (int i = 0; i < c.length; i++) {
            c[i] = in.readLong();
        }
        in.readFully(unitCode, 0, n);
        in.readFully(digits, 0, n);
        readInts(in, coefficient, n);
        openSlots.clear();
        for (int i = in.readInt(); i > 0; i--) {
            openSlots.add(in.readLong());
        }
        boundaries.clear();
        for (int i = in.readInt(); i > 0; i--) {
            long key = in.readLong();
            int len = in.readInt();
            Boundary b = new Boundary(len);
            if (b.reg.length != len) {
                throw new IOException("bad boundary length " + len);
            }
            readInts(in, b.reg, len);
            readLongs(in, b.bits, b.bits.length);
            readLongs(in, b.skew, b.skew.length);
            readLongs(in, b.conflict, b.conflict.length);
            boundaries.put(key, b);
        }
        gaps.clear();
        java.util.Arrays.fill(gapBits, 0);
        for (int i = in.readInt(); i > 0; i--) {
            Gap g = new Gap(in.readInt(), in.readLong());
            int m = in.readInt();
            g.bnd = new long[Math.max(4, m)];
            g.reg = new long[Math.max(4, m)];
            g.n = m;
            readLongs(in, g.bnd, m);
            readLongs(in, g.reg, m);
            int ic = in.readInt();
            g.issued = new long[Math.max(4, ic)];
            g.issuedCount = ic;
            readLongs(in, g.issued, ic);
            gaps.put(g.point, g);
            gapBits[g.point >>> 6] |= 1L << g.point;
        }
        dirty.clear();
        for (int i = in.readInt(); i > 0; i--) {
            Gap g = gaps.get(in.readInt());
            g.dirty = true;
            dirty.add(g);
        }
        readMap(in, slotRevision);
        readMap(in, dayRevision);
        if (in.readLong() != SNAPSHOT_MAGIC) {
            throw new IOException("snapshot is truncated");
        }
        batches = c[0];
        readings = c[1];
        accepted = c[2];
        reverse = c[3];
        unknownMeters = c[4];
        clockSkew = c[5];
        invalid = c[6];
        late = c[7];
        slotsFinalized = c[8];
        valuesStored = c[9];
        present = c[10];
        estimated = c[11];
        missing = c[12];
        filesPublished = c[13];
        skewSnapped = c[14];
        conflicts = c[15];
        wrongMeter = c[16];
        negativeDeltas = c[17];
        overCapacity = c[18];
        revisedValues = c[19];
        revisionsIssued = c[20];
        dayFiles = c[21];
        cacheValid = false;
        return true;
    }

    private static void writeInts(java.io.DataOutputStream out, int[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeInt(a[i]);
        }
    }

    private static void writeLongs(java.io.DataOutputStream out, long[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeLong(a[i]);
        }
    }

    private static void readInts(java.io.DataInputStream in, int[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
    }

    private static void readLongs(java.io.DataInputStream in, long[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
    }

    private static void writeMap(java.io.DataOutputStream out, HashMap<Long, Integer> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<Long, Integer> e : new TreeMap<>(m).entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    private static void readMap(java.io.DataInputStream in, HashMap<Long, Integer> m) throws IOException {
        m.clear();
        for (int i = in.readInt(); i > 0; i--) {
            m.put(in.readLong(), in.readInt());
        }
    }

    /** Register values of every point at one boundary, with presence, clock-skew and conflict bits. */
    static final class Boundary {
        private int[] reg;
        private long[] bits;
        private long[] skew;
        private long[] conflict;

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
}
