package jp.ami.mdms.slots;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.usage.UsageNotices;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.model.Slots;

/**
 * The tick of a slot (see "Ticks" in {@link SlotEngine}): issues the due revisions, computes, stores and publishes the
 * slot's first issue, closes it ({@link SlotCloser}), publishes the per-day files it planned and the confirmed-usage
 * notices due, then counts the slot and tells the listeners. Engine thread only.
 */
final class SlotFinalizer {
    /** A tick's times: when slot {@code slot} is due (its cut-off), and that instant in JST for the files. */
    private record Tick(long slot, Instant due, LocalDateTime createdAt) {
        Tick(long slot, Instant due) {
            this(slot, due, LocalDateTime.ofInstant(due, Slots.JST));
        }
    }

    private final MasterData master;
    private final ValueStore store;
    private final Clock clock;
    private final ExportIndex exportIndex;
    private final SlotCalculator calculator;
    private final SlotCalculator exportCalculator;
    private final RevisionPlanner planner;
    private final RevisionPlanner exportPlanner;
    private final RevisionNumbers revisions;
    private final SlotPublisher publisher;
    private final UsageNotices usage;
    private final SlotCloser closer;
    private final EngineCounters counters;
    private final EngineListeners listeners;
    /** The values of the slot being finalised, reused from slot to slot. */
    private final SlotValues values;

    SlotFinalizer(MasterData master, ValueStore store, Clock clock, ExportIndex exportIndex, SlotCalculator calculator,
                  SlotCalculator exportCalculator, RevisionPlanner planner, RevisionPlanner exportPlanner,
                  RevisionNumbers revisions, SlotPublisher publisher, UsageNotices usage, SlotCloser closer,
                  EngineCounters counters, EngineListeners listeners) {
        this.master = master;
        this.store = store;
        this.clock = clock;
        this.exportIndex = exportIndex;
        this.calculator = calculator;
        this.exportCalculator = exportCalculator;
        this.planner = planner;
        this.exportPlanner = exportPlanner;
        this.revisions = revisions;
        this.publisher = publisher;
        this.usage = usage;
        this.closer = closer;
        this.counters = counters;
        this.listeners = listeners;
        this.values = new SlotValues(master);
    }

    /**
     * The tick of slot {@code slotIndex}, due at {@code due}; with {@code sideEffects} off it updates the state only
     * (no rows, files or listener calls). See {@link SlotEngine#finalizeSlot}.
     */
    SlotStats finalizeSlot(long slotIndex, Instant due, boolean sideEffects) {
        Instant wallStart = clock.instant();
        long t0 = System.nanoTime();
        Tick tick = new Tick(slotIndex, due);
        Map<Long, RevisionPlanner.DayFiles> dayFiles = new TreeMap<>();
        issueRevisions(tick, dayFiles, sideEffects);
        SlotCalculator.StatusCounts counts = calculator.issue(slotIndex, values);
        exportCalculator.issueExport(slotIndex, values, exportIndex);
        revisions.slotIssued(slotIndex);
        long t1 = System.nanoTime();
        long[] storeNanos = new long[1];
        int files = sideEffects ? publishFirstIssue(tick, storeNanos) : 0;
        Instant publishedAt = sideEffects ? clock.instant() : wallStart;
        counters.lastFinalizeNanos(t1 - t0, storeNanos[0], System.nanoTime() - t1);
        closer.close(slotIndex, dayFiles);
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
        return finished(slotIndex, counts, files, wallStart, publishedAt, sideEffects);
    }

    /** Recomputes the finalised slots of every point whose gap got new readings; re-issues what changed. */
    private void issueRevisions(Tick tick, Map<Long, RevisionPlanner.DayFiles> dayFiles, boolean sideEffects) {
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

    /** Writes the slot's rows (timed into {@code storeNanos[0]}) while its files are published; returns how many files. */
    private int publishFirstIssue(Tick tick, long[] storeNanos) {
        return publisher.publishSlot(values, null, tick.createdAt(), () -> {
            long s0 = System.nanoTime();
            store.write(values, tick.due());
            storeNanos[0] = System.nanoTime() - s0;
        });
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
    private SlotStats finished(long slotIndex, SlotCalculator.StatusCounts counts, int files, Instant wallStart, Instant publishedAt,
                               boolean sideEffects) {
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
}
