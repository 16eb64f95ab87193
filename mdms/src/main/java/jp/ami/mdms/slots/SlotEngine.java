package jp.ami.mdms.slots;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.usage.ExportSource;
import jp.ami.mdms.usage.NoticeListener;
import jp.ami.mdms.usage.UsageNotices;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.mdms.xml.UsageFileWriter;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * The MDMS's slot state machine: turns boundary readings into 30-minute values, validates and estimates them
 * (VEE), finalises slots, revises finalised values when better readings arrive, and publishes per-slot and
 * per-day files. This class coordinates; the work is done by one collaborator per job:
 * <ul>
 *   <li>{@link ReadingIntake}: checks and records the readings of a journal document (the hot path);</li>
 *   <li>{@link BoundaryWindow}: the open slots, the watermark and the register state per boundary;
 *       {@link MeterFormats}: each point's register format; {@link Gaps}: the points with a {@link Gap};</li>
 *   <li>{@link SpanValidator} and {@link GapEstimator}: VEE — a measured value, an estimate inside a gap;</li>
 *   <li>{@link SlotCalculator}: the values of a slot for every point;</li>
 *   <li>{@link RevisionPlanner} and {@link RevisionNumbers}: what a tick re-issues, with which numbers;</li>
 *   <li>{@link SlotPublisher}: the per-slot and per-day files, on a small pool, and their announcement;</li>
 *   <li>{@link EngineCounters}, {@link EngineListeners}, {@link SnapshotCodec}: counts, listeners, snapshot;</li>
 *   <li>{@link UsageNotices}: the confirmed-usage notices (W5) at the start of each day, from the issued values and
 *       the registers at 00:00 captured into {@link DayRegisters} at slot 1's tick.</li>
 * </ul>
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
 * <h2>Export values (逆潮流, PV)</h2>
 * Reverse-direction readings (EPC 0xEB) give <em>export values</em> by exactly the same rules: slot {@code k}'s export
 * = the reverse register difference, same fixed-point arithmetic and register format, same VEE (NEGATIVE /
 * OVER_CAPACITY → MISSING, gaps estimated once closed and MISSING while open at the cut-off, revisions within the
 * same horizon, with the same slot and day revision numbers as the import values they travel with). Design: a
 * <em>second, smaller instance of the same machinery</em> keyed by PV points. An {@link ExportIndex} gives each point
 * that ever sent an accepted reverse reading a dense export index (in journal order); the export
 * {@link BoundaryWindow} (following the import window's slots), export {@link Gaps}, {@link SpanValidator},
 * {@link GapEstimator}, {@link SlotCalculator} and {@link RevisionPlanner} work on export indexes
 * ({@link PointSpace}), and the issued export values are kept like the import ones in a second {@link DayValues} over
 * {@code <dataDir>/days-export/}, by export index (its files are sparse: only the PV points' entries are ever
 * written; apparent size as {@code days/}). The hot structures of the import side are unchanged; what export adds
 * per supply point is 0.19 B (the export index's membership bit and block reference); per PV point about 25 B (its
 * index entry, reverse map and first export slot 16 B plus a share of its block's array header, the slot's export
 * value 8 B) plus its register in each held export boundary (4 B + 3 bits): measured with
 * {@code bench mdms-memory --pv-per-mille 100}, 22.5 instead of 19.4 B per supply point at 10 M points. The intake
 * of a reverse reading is allocation-free for a known PV point. A PV point's export values start with the first slot
 * it has a start reading for (the slot after its first reverse reading's boundary, or the first open slot). A meter exchange inside an export span gives MISSING
 * (flagged EXCHANGE): the master data carries the normal-direction registers of an exchange only. The export values
 * ride in the {@link SlotValues} of a slot (store rows, W41110 files) and are read back by {@link #exportPacked}.
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
 * that a slot's files are written by a small pool ({@link #PUBLISH_THREADS}, see {@link SlotPublisher}) while
 * the engine thread writes the slot's rows to the store.
 */
public final class SlotEngine implements AutoCloseable {
    /** Revisions reach back this many slots (2 days); older gaps are dropped. */
    public static final int REVISION_HORIZON_SLOTS = 96;
    /** The like day for estimation profiles: 7 days earlier. */
    public static final int LIKE_DAY_SLOTS = 7 * Slots.SLOTS_PER_DAY;
    /** Threads writing a slot's files (XML + deflate dominate finalisation at scale): one per core, at most 4. */
    public static final int PUBLISH_THREADS = SlotPublisher.THREADS;

    /** A tick's times: when slot {@code slot} is due (its cut-off), and that instant in JST for the files. */
    private record Tick(long slot, Instant due, LocalDateTime createdAt) {
        Tick(long slot, Instant due) {
            this(slot, due, LocalDateTime.ofInstant(due, Slots.JST));
        }
    }

    private final MdmsConfig config;
    private final MasterData master;
    private final SupplyRegistry registry;
    private final ValueStore store;
    private final Clock clock;
    private final Duration cutoff;
    private final DayValues days;
    private final ExportIndex exportIndex;
    private final DayValues exportDays;
    private final BoundaryWindow exportWindow;
    private final Gaps exportGaps;
    private final SlotCalculator exportCalculator;
    private final RevisionPlanner exportPlanner;
    private final EngineCounters counters = new EngineCounters();
    private final EngineListeners listeners = new EngineListeners();
    private final RevisionNumbers revisions = new RevisionNumbers();
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final ReadingIntake intake;
    private final SlotCalculator calculator;
    private final RevisionPlanner planner;
    private final SlotPublisher publisher;
    private final SnapshotCodec codec;
    private final MeterFormats formats;
    private final DayRegisters registers;
    private final UsageNotices usage;
    /** The values of the slot being finalised, reused from slot to slot. */
    private final SlotValues values;
    private boolean sideEffects = true;

    public SlotEngine(MdmsConfig config, MasterData master, ValueStore store, SlotFileWriter fileWriter, Outbox outbox, Clock clock) {
        this.config = config;
        this.master = master;
        this.registry = master.registry();
        this.store = store;
        this.clock = clock;
        this.cutoff = config.cutoff();
        this.values = new SlotValues(master);
        int n = registry.size();
        this.days = new DayValues(config.dataDir().resolve("days"), n);
        this.formats = new MeterFormats(n);
        this.window = new BoundaryWindow(registry);
        this.gaps = new Gaps(n);
        this.registers = new DayRegisters(config.dataDir().resolve("registers"), n);
        // export: the same machinery over the PV points (see "Export values")
        this.exportIndex = new ExportIndex(n);
        this.exportDays = new DayValues(config.dataDir().resolve("days-export"), n);
        this.exportWindow = new BoundaryWindow(window, exportIndex);
        this.exportGaps = new Gaps(0);
        this.intake = new ReadingIntake(master, config.clockSkewTolerance().toSeconds(), formats, window, gaps, counters,
                exportIndex, exportWindow, exportGaps, registers);
        SpanValidator validator = new SpanValidator(master, formats);
        GapEstimator estimator = new GapEstimator(master, validator, days);
        this.calculator = new SlotCalculator(master, window, gaps, validator, estimator, days, counters);
        this.planner = new RevisionPlanner(registry, window, gaps, estimator, days, revisions, counters);
        PointSpace pv = PointSpace.exportPoints(registry, exportIndex);
        SpanValidator exportValidator = new SpanValidator(master, formats, pv);
        GapEstimator exportEstimator = new GapEstimator(master, exportValidator, exportDays, pv);
        this.exportCalculator = new SlotCalculator(master, exportWindow, exportGaps, exportValidator, exportEstimator, exportDays,
                counters);
        this.exportPlanner = new RevisionPlanner(registry, exportWindow, exportGaps, exportEstimator, exportDays, revisions,
                counters, pv);
        FileOrder order = new FileOrder(registry);
        this.publisher = new SlotPublisher(config, master, order, days, exportIndex, exportDays, fileWriter, outbox, clock, listeners,
                counters);
        this.codec = new SnapshotCodec(registry, counters, formats, window, gaps, revisions, exportIndex, exportWindow, exportGaps);
        this.usage = new UsageNotices(config, config.readingCalendar(), master, days, registers, exportSource(), outbox, clock,
                () -> new UsageFileWriter(config), order);
    }

    public void addSlotFinalizedListener(SlotFinalizedListener l) {
        listeners.add(l);
    }

    public void addFilePublishedListener(FilePublishedListener l) {
        listeners.add(l);
    }

    /** Told of every confirmed-usage notice file published. */
    public void addNoticeListener(NoticeListener l) {
        usage.addListener(l);
    }

    /** The confirmed-usage notices (W5). */
    public UsageNotices usage() {
        return usage;
    }

    /** Takes over the listeners of {@code other} (an engine rebuilt by replay keeps its listeners). */
    public void copyListenersFrom(SlotEngine other) {
        listeners.addAll(other.listeners);
        usage.copyListenersFrom(other.usage);
    }

    /**
     * With side effects off (replay of ticks already completed before a crash), ticks update the state
     * (values, gaps, revision numbers, {@link DayValues}) but write no rows, publish no files and call no listener.
     */
    public void sideEffects(boolean on) {
        this.sideEffects = on;
    }

    // ------------------------------------------------------------------ intake and slot announcements

    /** Consumes every record of {@code batch} (one journal document). Allocation-free per reading in the common case. */
    public void accept(ReadingBatch batch) {
        intake.accept(batch);
    }

    /** Announces slots {@code fromSlotIndex … toSlotIndex} (inclusive): they will be finalised even without readings. */
    public void expectSlots(long fromSlotIndex, long toSlotIndex) {
        window.expect(fromSlotIndex, toSlotIndex);
    }

    public void openSlot(long slotIndex) {
        expectSlots(slotIndex, slotIndex);
    }

    /** Open slots in order (a copy). */
    public List<Long> openSlots() {
        return window.openSlots();
    }

    /** The first open slot, or {@code Long.MAX_VALUE}. */
    public long firstOpenSlot() {
        return window.firstOpen();
    }

    /** When slot {@code k} is due: its end + cut-off. */
    public Instant dueAt(long slotIndex) {
        return Slots.end(slotIndex).plus(cutoff);
    }

    /** Number of boundary states held. */
    public int openBoundaries() {
        return window.size();
    }

    /** Points currently tracked with a gap. */
    public int gapPoints() {
        return gaps.size();
    }

    /** Latest revision issued for {@code slotIndex} (0 = first issue), or -1 if not finalised / beyond the horizon. */
    public int revision(long slotIndex) {
        return revisions.ofSlot(slotIndex);
    }

    /**
     * Takes the next revision number of finalised slot {@code slotIndex} for an on-demand re-issue: above the latest the
     * engine issued and at least {@code atLeast}, at most 99; recorded as the slot's latest, so the engine's own
     * revisions continue after it and never reuse it. Engine thread only.
     */
    public int reserveSlotRevision(long slotIndex, int atLeast) {
        int r = Math.min(RevisionNumbers.MAX, Math.max(revisions.ofSlot(slotIndex) + 1, atLeast));
        revisions.slotMap().put(slotIndex, r);
        return r;
    }

    /**
     * Takes the next revision number of the per-day files of JST day {@code epochDay} (all 48 slots finalised) for an
     * on-demand re-issue, like {@link #reserveSlotRevision}. Engine thread only.
     */
    public int reserveDayRevision(long epochDay, int atLeast) {
        int r = Math.min(RevisionNumbers.MAX, Math.max(revisions.dayMap().getOrDefault(epochDay, -1) + 1, atLeast));
        revisions.dayMap().put(epochDay, r);
        return r;
    }

    /** The values of slot {@code k} as the engine would issue them now (a new object; no state change). */
    public SlotValues preview(long slotIndex) {
        return calculator.preview(slotIndex);
    }

    // ------------------------------------------------------------------ ticks

    /** Finalises, in slot order, every open slot whose end + cutoff is at or before {@code now}. Returns how many. */
    public int finalizeDue(Instant now) {
        int done = 0;
        for (long k = window.firstOpen(); k != Long.MAX_VALUE && !dueAt(k).isAfter(now); k = window.firstOpen()) {
            finalizeSlot(k);
            done++;
        }
        return done;
    }

    /**
     * The tick of slot {@code slotIndex}: issues due revisions, then finalises the slot (store, files,
     * listeners), and after slot 48 the per-day files. If the store or the outbox fails the exception
     * propagates; the server's replay redoes the tick (all steps are idempotent).
     */
    public SlotStats finalizeSlot(long slotIndex) {
        Instant wallStart = clock.instant();
        long t0 = System.nanoTime();
        Tick tick = new Tick(slotIndex, dueAt(slotIndex));
        Map<Long, RevisionPlanner.DayFiles> dayFiles = new TreeMap<>();
        issueRevisions(tick, dayFiles);
        SlotCalculator.StatusCounts counts = calculator.issue(slotIndex, values);
        exportCalculator.issueExport(slotIndex, values, exportIndex);
        revisions.slotIssued(slotIndex);
        long t1 = System.nanoTime();
        long[] storeNanos = new long[1];
        int files = sideEffects ? publishFirstIssue(tick, storeNanos) : 0;
        Instant publishedAt = sideEffects ? clock.instant() : wallStart;
        counters.lastFinalizeNanos(t1 - t0, storeNanos[0], System.nanoTime() - t1);
        closeSlot(slotIndex, dayFiles);
        if (sideEffects) {
            files += publishDayFiles(dayFiles, tick);
        }
        if (Slots.number(slotIndex) == 1) {
            files += usage.dayStarted(Slots.jstEpochDay(slotIndex), tick.createdAt(), sideEffects);
        }
        files += usage.reissueRevised(tick.createdAt(), sideEffects);
        if (sideEffects) {
            publishedAt = clock.instant();
        }
        return finished(slotIndex, counts, files, wallStart, publishedAt);
    }

    /** Recomputes the finalised slots of every point whose gap got new readings; re-issues what changed. */
    private void issueRevisions(Tick tick, Map<Long, RevisionPlanner.DayFiles> dayFiles) {
        TreeMap<Long, List<Integer>> revised = exportPlanner.recompute(planner.recompute());
        if (revised.isEmpty()) {
            return;
        }
        SlotValues v = new SlotValues(master);
        for (Map.Entry<Long, List<Integer>> e : revised.entrySet()) {
            RevisionPlanner.Revision r = planner.plan(e.getKey(), e.getValue(), dayFiles);
            calculator.asIssued(r.slot(), r.number(), v);
            calculator.provenance(r.slot(), v, r.points());
            exportCalculator.exportAsIssued(r.slot(), v, exportIndex);
            usage.revised(r.slot(), r.points(), r.points().length, tick.slot());
            if (sideEffects) {
                int[] pts = r.points();
                publisher.publishSlot(v, r.retailers(), tick.createdAt(), () -> store.write(v, pts, pts.length, tick.due()));
            }
        }
    }

    // ------------------------------------------------------------------ operator corrections

    /**
     * Why an operator correction of point {@code point}'s value in slot {@code slot} to {@code units} cannot be
     * applied now, or null when it can: the slot must be finalised and within the revision horizon
     * ({@value #REVISION_HORIZON_SLOTS} slots: its revision number is still held), the value at least 0 and at most what
     * the contract capacity lets through in 30 minutes.
     */
    public String correctionRefusal(int point, long slot, long units) {
        if (point < 0 || point >= registry.size()) {
            return "unknown supply point";
        }
        if (slot > window.watermark()) {
            return "slot " + Slots.jstDate(slot) + " " + Slots.number(slot) + " is not finalised yet: corrections apply to"
                    + " issued values (wait for its cut-off)";
        }
        if (revisions.ofSlot(slot) < 0) {
            return "slot " + Slots.jstDate(slot) + " " + Slots.number(slot) + " is beyond the revision horizon ("
                    + REVISION_HORIZON_SLOTS / Slots.SLOTS_PER_DAY + " days): it can no longer be revised";
        }
        if (units < 0) {
            return "the value must not be negative";
        }
        int amperes = master.contractAmperes(point);
        if (amperes > 0 && units > Vee.capacityUnitsPerSlot(amperes)) {
            return "the value exceeds what the " + amperes + " A contract lets through in 30 minutes ("
                    + jp.ami.model.Kwh.format(Vee.capacityUnitsPerSlot(amperes)) + " kWh)";
        }
        return null;
    }

    /**
     * Applies an operator correction: point {@code point}'s value in slot {@code slot} becomes {@code units} with
     * status {@code status} (flag {@link Vee#CORRECTED}, method {@link Vee.Method#OPERATOR}; a later recomputation of
     * its gap never replaces it), as the slot's next revision: the per-slot files of the point's retailer, its row
     * (written at {@code at}), the per-day files of the day when they were issued, and the confirmed-usage notices
     * already issued whose period holds the slot — all with created-at {@code at} (JST). Never overwrites a delivered
     * file: every file is a new revision. Engine thread only; deterministic, so a replay gives the same bytes. The value
     * history row of the revision names {@code correctionId}, {@code operator} and {@code reason}.
     *
     * @throws CorrectionRefused when {@link #correctionRefusal} gives a reason
     */
    public CorrectionOutcome correct(int point, long slot, long units, jp.ami.mdms.values.ValueStatus status, Instant at,
                                     long correctionId, String operator, String reason) {
        String refusal = correctionRefusal(point, slot, units);
        if (refusal != null) {
            throw new CorrectionRefused(refusal);
        }
        if (status == jp.ami.mdms.values.ValueStatus.MISSING) {
            throw new CorrectionRefused("a correction gives a value: status present or estimated");
        }
        LocalDateTime createdAt = LocalDateTime.ofInstant(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Slots.JST);
        long before = days.get(slot, point);
        long after = Vee.pack(units, status, Vee.CORRECTED, Vee.Method.OPERATOR);
        days.put(slot, point, after);
        Gap g = gaps.of(point);
        if (g != null && slot >= g.first && slot < g.first + g.issuedCount) {
            g.issue(slot, after); // its recomputation keeps the correction
        }
        counters.adjust(Vee.isSet(before) ? Vee.status(before) : jp.ami.mdms.values.ValueStatus.MISSING, -1);
        counters.adjust(status, +1);
        counters.corrections++;
        Map<Long, RevisionPlanner.DayFiles> dayFiles = new TreeMap<>();
        RevisionPlanner.Revision r = planner.plan(slot, List.of(point), dayFiles);
        SlotValues v = new SlotValues(master);
        calculator.asIssued(slot, r.number(), v);
        exportCalculator.exportAsIssued(slot, v, exportIndex);
        v.correction(point, correctionId, operator, reason);
        usage.revised(slot, r.points(), r.points().length, window.watermark() + 1);
        int files = 0;
        if (sideEffects) {
            int[] pts = r.points();
            files += publisher.publishSlot(v, r.retailers(), createdAt, () -> store.write(v, pts, pts.length, at));
            for (Map.Entry<Long, RevisionPlanner.DayFiles> e : dayFiles.entrySet()) {
                files += publisher.publishDay(e.getKey(), e.getValue().revision(), e.getValue().retailers(), createdAt);
            }
        }
        files += usage.reissueRevised(createdAt, sideEffects);
        RevisionPlanner.DayFiles day = dayFiles.get(Slots.jstEpochDay(slot));
        return new CorrectionOutcome(r.number(), before, after, day == null ? -1 : day.revision(), files);
    }

    /** Writes the slot's rows (timed into {@code storeNanos[0]}) while its files are published; returns how many files. */
    private int publishFirstIssue(Tick tick, long[] storeNanos) {
        return publisher.publishSlot(values, null, tick.createdAt(), () -> {
            long s0 = System.nanoTime();
            store.write(values, tick.due());
            storeNanos[0] = System.nanoTime() - s0;
        });
    }

    /**
     * Closes slot {@code k} in the window, forgets what is now beyond the revision horizon and, after the last slot
     * of a JST day, plans that day's first per-day files (every retailer). The days forgotten here may still have
     * re-issues planned by this tick: {@code dayFiles} carries their revision numbers.
     */
    private void closeSlot(long k, Map<Long, RevisionPlanner.DayFiles> dayFiles) {
        if (Slots.number(k) == 1) {
            captureRegisters(Slots.jstEpochDay(k), window.at(k - 1));
        }
        window.close(k);
        exportWindow.close(k);
        long limit = k - REVISION_HORIZON_SLOTS;
        gaps.dropBefore(limit);
        exportGaps.dropBefore(limit);
        revisions.dropBefore(limit);
        days.release(limit - LIKE_DAY_SLOTS);
        exportDays.release(limit - LIKE_DAY_SLOTS);
        registers.release(Slots.jstEpochDay(k) - 2);
        if (Slots.number(k) == Slots.SLOTS_PER_DAY) {
            long day = Slots.jstEpochDay(k);
            revisions.dayFilesIssued(day);
            BitSet allRetailers = new BitSet();
            allRetailers.set(0, registry.retailerCount());
            dayFiles.put(day, new RevisionPlanner.DayFiles(0, allRetailers));
        }
    }

    /**
     * Keeps every point's register at 00:00 JST of {@code epochDay} (the boundary before the day's slot 1, still
     * held at slot 1's tick) for the confirmed usage's register check; a point without a reading there stays unknown.
     */
    private void captureRegisters(long epochDay, Boundary boundary) {
        registers.touch(epochDay);
        if (boundary == null) {
            return;
        }
        int n = registry.size();
        for (int p = 0; p < n; p++) {
            if (boundary.has(p)) {
                registers.put(epochDay, p, DayRegisters.pack(boundary.get(p), formats.unitCode[p] & 0xFF, formats.digits(p),
                        formats.coefficient(p)));
            }
        }
    }

    /** Publishes the per-day files planned by this tick (first issues and re-issues), in day order; returns how many. */
    private int publishDayFiles(Map<Long, RevisionPlanner.DayFiles> dayFiles, Tick tick) {
        int files = 0;
        for (Map.Entry<Long, RevisionPlanner.DayFiles> e : dayFiles.entrySet()) {
            RevisionPlanner.DayFiles d = e.getValue();
            files += publisher.publishDay(e.getKey(), d.revision(), d.retailers(), tick.createdAt());
        }
        return files;
    }

    /** Counts the finalised slot, keeps its timing and tells the listeners (with side effects on). */
    private SlotStats finished(long slotIndex, SlotCalculator.StatusCounts counts, int files, Instant wallStart, Instant publishedAt) {
        int n = values.count();
        counters.slotFinalized(n, counts.present(), counts.estimated(), counts.missing());
        SlotStats stats = new SlotStats(slotIndex, n, counts.present(), counts.estimated(), counts.missing(), files, wallStart,
                publishedAt);
        counters.timing(new SlotTiming(slotIndex, Slots.end(slotIndex), wallStart, publishedAt));
        if (sideEffects) {
            listeners.slotFinalized(slotIndex, stats);
        }
        return stats;
    }

    // ------------------------------------------------------------------ stats, snapshot

    /**
     * Where the last finalised slot's time went, in nanoseconds: {revisions + computing the values, writing the
     * rows to the store (engine thread, while the files are written), writing the store rows and the files
     * together (until the last file was published)}.
     */
    public long[] lastFinalizeNanos() {
        return counters.lastFinalizeNanos();
    }

    public EngineStats stats() {
        return counters.stats();
    }

    public MdmsConfig config() {
        return config;
    }

    /** The issued values, per (slot, point). */
    public DayValues days() {
        return days;
    }

    /**
     * The issued export (reverse-direction, PV) value of supply point {@code point} (dense index) in slot
     * {@code slotIndex}, {@link Vee#pack packed} as in {@link DayValues} (units = 0.0001 kWh, status, VEE flags), as
     * last issued or revised; 0 when the point has no export value in that slot (no PV, or not yet, or not issued).
     * Reads {@code days-export}: any finalised slot whose day file is still on disk. Engine thread only.
     */
    public long exportPacked(long slotIndex, int point) {
        int e = exportIndex.of(point);
        return e < 0 ? 0 : exportDays.get(slotIndex, e);
    }

    /** The export values as the confirmed usage reads them: {@link #exportPacked}, its day files mapped ahead of the reads. */
    private ExportSource exportSource() {
        return new ExportSource() {
            @Override
            public long packed(long slotIndex, int point) {
                return exportPacked(slotIndex, point);
            }

            @Override
            public void prepare(long fromSlot, long toSlot) {
                if (exportIndex.size() > 0) {
                    for (long s = fromSlot; s < toSlot; s++) {
                        exportDays.get(s, 0);
                    }
                }
            }
        };
    }

    /** Supply points that carry export values (the PV points seen so far). */
    public int exportPoints() {
        return exportIndex.size();
    }

    /**
     * Writes the whole engine state (not the listeners, files or store) to {@code out} in the format of
     * {@link SnapshotCodec}: restoring it into an engine over the same master data continues exactly where this one
     * stands. Issued values are not in it: they are on disk already ({@link DayValues}).
     */
    public void snapshot(DataOutputStream out) throws IOException {
        codec.write(out);
    }

    /** Restores a {@link #snapshot}; returns false (state untouched) when it does not fit this master data. */
    public boolean restore(DataInputStream in) throws IOException {
        return codec.read(in);
    }

    @Override
    public void close() {
        publisher.close();
        days.close();
        usage.close();
        exportDays.close();
        registers.close();
    }
}
