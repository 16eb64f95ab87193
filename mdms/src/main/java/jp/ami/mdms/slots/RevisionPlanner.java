package jp.ami.mdms.slots;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * Plans the revisions of a tick. Every gap that got readings after values were issued from it is recomputed over
 * its finalised slots; changed values go to {@link DayValues} (and move between the status counts). Each slot with
 * a changed value gets the next revision number and the set of retailers whose files it re-issues; an already
 * issued per-day file of its day is re-issued too, with the day's next revision. A gap whose slots are all measured
 * again, up to the watermark, is dropped (its point is back on the boundary path). A cut-off estimate replaced here
 * counts as revised later; an operator-corrected value ({@link Vee#CORRECTED}) is never replaced by a recomputation.
 *
 * <p>The export planner is a second instance over the export {@link PointSpace}: its gaps and days are keyed by export
 * index, the points it returns are supply points, and it moves the export status counts. Only the import planner's
 * {@link #plan} numbers revisions, for the points changed on either side.
 */
final class RevisionPlanner {
    /**
     * One slot to re-issue.
     *
     * @param slot      the slot
     * @param number    its revision number (1 … 99)
     * @param points    the points whose value changed, ascending
     * @param retailers indexes of the retailers of those points in the slot: whose files are re-issued
     */
    record Revision(long slot, int number, int[] points, BitSet retailers) {
    }

    /**
     * The per-day files of a JST day that a tick publishes: the revision, taken when the tick plans them (the day's
     * number may be forgotten later in the same tick, when the horizon moves past the day), and the retailers.
     *
     * @param revision  the revision of the files (0 = first issue)
     * @param retailers indexes of the retailers whose files are published
     */
    record DayFiles(int revision, BitSet retailers) {
    }

    private final SupplyRegistry registry;
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final GapEstimator estimator;
    private final DayValues days;
    private final RevisionNumbers numbers;
    private final EngineCounters counters;
    private final PointSpace space;

    RevisionPlanner(SupplyRegistry registry, BoundaryWindow window, Gaps gaps, GapEstimator estimator, DayValues days,
                    RevisionNumbers numbers, EngineCounters counters) {
        this(registry, window, gaps, estimator, days, numbers, counters, PointSpace.allPoints(registry));
    }

    RevisionPlanner(SupplyRegistry registry, BoundaryWindow window, Gaps gaps, GapEstimator estimator, DayValues days,
                    RevisionNumbers numbers, EngineCounters counters, PointSpace space) {
        this.space = space;
        this.registry = registry;
        this.window = window;
        this.gaps = gaps;
        this.estimator = estimator;
        this.days = days;
        this.numbers = numbers;
        this.counters = counters;
    }

    /** Recomputes every gap queued for a revision; returns the points whose value changed, per slot, in slot order. */
    TreeMap<Long, List<Integer>> recompute() {
        return recompute(new TreeMap<>());
    }

    /** {@link #recompute()} adding to {@code revised} (the import planner's result, for the export planner). */
    TreeMap<Long, List<Integer>> recompute(TreeMap<Long, List<Integer>> revised) {
        for (Gap g = gaps.pollDirty(); g != null; g = gaps.pollDirty()) {
            if (gaps.isCurrent(g)) {
                recompute(g, revised);
            }
        }
        return revised;
    }

    private void recompute(Gap g, TreeMap<Long, List<Integer>> revised) {
        long watermark = window.watermark();
        boolean allMeasured = true;
        for (long s = g.first; s <= watermark && s < g.first + g.issuedCount; s++) {
            long before = g.issued(s);
            long now = (Vee.flags(before) & Vee.CORRECTED) != 0 ? before : estimator.valueOf(g, s); // corrections stick
            if (now != before) {
                if ((Vee.flags(before) & Vee.CUTOFF) != 0) {
                    counters.revisedLater++;
                } else if ((Vee.flags(now) & Vee.CUTOFF) != 0) {
                    counters.estimatedAtCutoff++; // a missing value estimated once its meter was heard after the slot
                }
                g.issue(s, now);
                days.put(s, g.point, now);
                revised.computeIfAbsent(s, x -> new ArrayList<>()).add(space.point(g.point));
                if (space.isExport()) {
                    counters.adjustExport(Vee.status(before), -1);
                    counters.adjustExport(Vee.status(now), +1);
                    counters.exportRevised++;
                } else {
                    counters.adjust(Vee.status(before), -1);
                    counters.adjust(Vee.status(now), +1);
                    counters.revisedValues++;
                }
            }
            if (Vee.status(now) != ValueStatus.PRESENT) {
                allMeasured = false;
            }
        }
        int last = g.atOrBefore(watermark);
        if (allMeasured && last >= 0 && g.bnd[last] == watermark) {
            gaps.remove(g.point); // fully measured again: back to the boundary path
        }
    }

    /**
     * Numbers the revision of slot {@code slot} whose {@code points} changed, and adds its retailers to
     * {@code dayFiles} (JST day → the per-day files this tick re-issues) when the day's per-day files were issued; the
     * first revision of a day in a tick moves the day's revision number on and keeps it in the day's entry.
     */
    Revision plan(long slot, List<Integer> points, Map<Long, DayFiles> dayFiles) {
        int rev = numbers.nextOfSlot(slot);
        counters.revisionsIssued++;
        int[] pts = points.stream().mapToInt(Integer::intValue).sorted().distinct().toArray(); // a point may change on both sides
        BitSet affected = new BitSet();
        for (int p : pts) {
            affected.set(registry.retailerIndexAt(p, slot));
        }
        long day = Slots.jstEpochDay(slot);
        if (numbers.dayIssued(day)) {
            dayFiles.computeIfAbsent(day, x -> new DayFiles(numbers.nextOfDay(day), new BitSet())).retailers().or(affected);
        }
        return new Revision(slot, rev, pts, affected);
    }
}
