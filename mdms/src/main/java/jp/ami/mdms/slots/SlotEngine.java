package jp.ami.mdms.slots;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.usage.NoticeListener;
import jp.ami.mdms.usage.UsageNotices;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
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
 *   <li>{@link SlotFinalizer}: the tick of a slot, closed by {@link SlotCloser} (window, revision horizon, registers at
 *       00:00); {@link SlotCorrector}: operator corrections; {@link ExportValues}: the issued export values;</li>
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

    private final MdmsConfig config;
    private final SupplyRegistry registry;
    private final Duration cutoff;
    private final DayValues days;
    private final ExportIndex exportIndex;
    private final ExportValues exportValues;
    private final EngineCounters counters = new EngineCounters();
    private final EngineListeners listeners = new EngineListeners();
    private final RevisionNumbers revisions = new RevisionNumbers();
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final ReadingIntake intake;
    private final SlotCalculator calculator;
    private final SlotFinalizer finalizer;
    private final SlotCorrector corrector;
    private final SlotPublisher publisher;
    private final SnapshotCodec codec;
    private final DayValues exportDays;
    private final DayRegisters registers;
    private final UsageNotices usage;
    private boolean sideEffects = true;

    public SlotEngine(MdmsConfig config, MasterData master, ValueStore store, SlotFileWriter fileWriter, Outbox outbox, Clock clock) {
        this.config = config;
        this.registry = master.registry();
        this.cutoff = config.cutoff();
        int n = registry.size();
        this.days = new DayValues(config.dataDir().resolve("days"), n);
        MeterFormats formats = new MeterFormats(n);
        this.window = new BoundaryWindow(registry);
        this.gaps = new Gaps(n);
        this.registers = new DayRegisters(config.dataDir().resolve("registers"), n);
        // export: the same machinery over the PV points (see "Export values")
        this.exportIndex = new ExportIndex(n);
        this.exportDays = new DayValues(config.dataDir().resolve("days-export"), n);
        BoundaryWindow exportWindow = new BoundaryWindow(window, exportIndex);
        Gaps exportGaps = new Gaps(0);
        this.intake = new ReadingIntake(master, config.clockSkewTolerance().toSeconds(), formats, window, gaps, counters,
                exportIndex, exportWindow, exportGaps, registers);
        SpanValidator validator = new SpanValidator(master, formats);
        GapEstimator estimator = new GapEstimator(master, validator, days);
        this.calculator = new SlotCalculator(master, window, gaps, validator, estimator, days, counters);
        RevisionPlanner planner = new RevisionPlanner(registry, window, gaps, estimator, days, revisions, counters);
        PointSpace pv = PointSpace.exportPoints(registry, exportIndex);
        SpanValidator exportValidator = new SpanValidator(master, formats, pv);
        GapEstimator exportEstimator = new GapEstimator(master, exportValidator, exportDays, pv);
        SlotCalculator exportCalculator = new SlotCalculator(master, exportWindow, exportGaps, exportValidator, exportEstimator, exportDays,
                counters);
        RevisionPlanner exportPlanner = new RevisionPlanner(registry, exportWindow, exportGaps, exportEstimator, exportDays, revisions,
                counters, pv);
        FileOrder order = new FileOrder(registry);
        this.publisher = new SlotPublisher(config, master, order, days, exportIndex, exportDays, fileWriter, outbox, clock, listeners,
                counters);
        this.codec = new SnapshotCodec(registry, counters, formats, window, gaps, revisions, exportIndex, exportWindow, exportGaps);
        this.exportValues = new ExportValues(exportIndex, exportDays);
        this.usage = new UsageNotices(config, config.readingCalendar(), master, days, registers, exportValues, outbox, clock,
                () -> new UsageFileWriter(config), order);
        SlotCloser closer = new SlotCloser(registry, formats, window, exportWindow, gaps, exportGaps, revisions, days, exportDays,
                registers);
        this.finalizer = new SlotFinalizer(master, store, clock, exportIndex, calculator, exportCalculator, planner, exportPlanner,
                revisions, publisher, usage, closer, counters, listeners);
        this.corrector = new SlotCorrector(master, registry, store, window, gaps, days, exportIndex, calculator, exportCalculator,
                planner, revisions, publisher, usage, counters);
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
        return revisions.reserveSlot(slotIndex, atLeast);
    }

    /**
     * Takes the next revision number of the per-day files of JST day {@code epochDay} (all 48 slots finalised) for an
     * on-demand re-issue, like {@link #reserveSlotRevision}. Engine thread only.
     */
    public int reserveDayRevision(long epochDay, int atLeast) {
        return revisions.reserveDay(epochDay, atLeast);
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
        return finalizer.finalizeSlot(slotIndex, dueAt(slotIndex), sideEffects);
    }

    // ------------------------------------------------------------------ operator corrections

    /**
     * Why an operator correction of point {@code point}'s value in slot {@code slot} to {@code units} cannot be
     * applied now, or null when it can: the slot must be finalised and within the revision horizon
     * ({@value #REVISION_HORIZON_SLOTS} slots: its revision number is still held), the value at least 0 and at most what
     * the contract capacity lets through in 30 minutes.
     */
    public String correctionRefusal(int point, long slot, long units) {
        return corrector.refusal(point, slot, units);
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
    public CorrectionOutcome correct(int point, long slot, long units, ValueStatus status, Instant at,
                                     long correctionId, String operator, String reason) {
        return corrector.correct(point, slot, units, status, at, correctionId, operator, reason, sideEffects);
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
        return exportValues.packed(slotIndex, point);
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
