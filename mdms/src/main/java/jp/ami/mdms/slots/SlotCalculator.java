package jp.ami.mdms.slots;

import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.SupplyRegistry;

/**
 * The values of one slot for every supply point. A point with both boundary readings and no gap gets the
 * {@link SpanValidator measured} value; a point lacking the end reading gets a {@link Gap} (anchored at the start
 * reading, with the later readings the window holds) and the {@link GapEstimator estimate}; a point lacking the start
 * reading gets a gap without an anchor when it was heard at the slot's end or never had a value issued (estimated at
 * the cut-off, or MISSING; revised when the opening reading arrives); any other point without the start reading is
 * MISSING. Issuing a slot records each value in {@link DayValues} and in the point's gap,
 * where revisions find it. Allocation-free per point unless a gap opens.
 *
 * <p>The export calculator is a second instance over the export {@link PointSpace}'s collaborators (its own window,
 * gaps, validator, estimator and {@code days-export}): {@link #issueExport} and {@link #exportAsIssued} fill the export values of a
 * {@link SlotValues}, by export index.
 */
final class SlotCalculator {
    /** How many values of a slot got each status. */
    record StatusCounts(int present, int estimated, int missing) {
    }

    private final MasterData master;
    private final SupplyRegistry registry;
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final SpanValidator validator;
    private final GapEstimator estimator;
    private final DayValues days;
    private final EngineCounters counters;

    SlotCalculator(MasterData master, BoundaryWindow window, Gaps gaps, SpanValidator validator, GapEstimator estimator,
                   DayValues days, EngineCounters counters) {
        this.master = master;
        this.registry = master.registry();
        this.window = window;
        this.gaps = gaps;
        this.validator = validator;
        this.estimator = estimator;
        this.days = days;
        this.counters = counters;
    }

    /**
     * Issues slot {@code k} (revision 0) into {@code values}: every point's value, recorded in {@link DayValues} and
     * in its gap; counts the NEGATIVE and OVER_CAPACITY flags.
     */
    StatusCounts issue(long k, SlotValues values) {
        int n = registry.size();
        values.reset(k, 0, n);
        Boundary start = window.at(k - 1);
        Boundary end = window.at(k);
        int nPresent = 0, nEstimated = 0, nMissing = 0;
        for (int p = 0; p < n; p++) {
            long packed = issue(p, k, start, end);
            countFlags(packed);
            switch (Vee.status(packed)) {
                case PRESENT -> nPresent++;
                case ESTIMATED -> nEstimated++;
                case MISSING -> nMissing++;
            }
            days.put(k, p, packed);
            put(values, p, packed, registry.retailerIndexAt(p, k));
            if (end != null && end.has(p)) {
                end.provenanceTo(values, p);
            } else if (Vee.status(packed) != ValueStatus.MISSING) {
                window.provenanceTo(values, p, k); // an estimate: the gap's closing reading, when already held
            }
        }
        return new StatusCounts(nPresent, nEstimated, nMissing);
    }

    /**
     * Issues the export values of slot {@code k} into {@code values} (whose import values are set): every PV point of
     * {@code index} whose first export slot is at or before {@code k}, recorded in {@code days-export} and in its export
     * gap. Counts them as export present / estimated / missing.
     */
    StatusCounts issueExport(long k, SlotValues values, ExportIndex index) {
        int m = index.size();
        values.resetExport(index, m);
        Boundary start = window.at(k - 1);
        Boundary end = window.at(k);
        int nPresent = 0, nEstimated = 0, nMissing = 0;
        for (int e = 0; e < m; e++) {
            if (index.firstSlot(e) > k) {
                continue;
            }
            long packed = issue(e, k, start, end);
            if ((Vee.flags(packed) & Vee.CUTOFF) != 0) {
                counters.estimatedAtCutoff++;
            }
            switch (Vee.status(packed)) {
                case PRESENT -> nPresent++;
                case ESTIMATED -> nEstimated++;
                case MISSING -> nMissing++;
            }
            days.put(k, e, packed);
            values.setExport(e, packed);
        }
        counters.exportIssued(nPresent, nEstimated, nMissing);
        return new StatusCounts(nPresent, nEstimated, nMissing);
    }

    /** Fills the export values of {@code v} with slot {@code s}'s export values as issued ({@code days-export}). */
    void exportAsIssued(long s, SlotValues v, ExportIndex index) {
        int m = index.size();
        v.resetExport(index, m);
        for (int e = 0; e < m; e++) {
            v.setExport(e, days.get(s, e));
        }
    }

    /** The value of point {@code p} in slot {@code k}: measured, or from its gap (opened when the end reading is missing). */
    private long issue(int p, long k, Boundary start, Boundary end) {
        Gap g = gaps.of(p);
        if (g == null && start != null && end != null && start.has(p) && end.has(p)) {
            return validator.measured(p, k, start, end);
        }
        if (g == null && start != null && start.has(p)) {
            g = openGap(p, k, start);
        } else if (g == null && (end != null && end.has(p) || start != null && !Vee.isSet(days.get(k - 1, p)))) {
            // no opening register: a gap without an anchor, so the opening reading revises the slot when it comes (the
            // next day's bulk pull). Opened for a meter heard at the slot's end, or one the engine never issued a value
            // for (its first slot); a point already missing before keeps no gap (a silent meter costs no memory)
            g = openUnanchoredGap(p, k);
        }
        if (g == null) {
            return GapEstimator.missing(); // never heard from in the window: nothing to estimate from
        }
        long packed = estimator.valueOf(g, k);
        g.issue(k, packed);
        return packed;
    }

    /** A new gap of point {@code p} from slot {@code k}: anchored at its reading at {@code start}, with the later ones held. */
    private Gap openGap(int p, long k, Boundary start) {
        Gap g = new Gap(p, k);
        g.add(k - 1, start.get(p));
        window.addReadingsTo(g, k);
        gaps.put(g);
        return g;
    }

    /** A new gap of point {@code p} from slot {@code k} without its opening reading (anchor): with the later ones held. */
    private Gap openUnanchoredGap(int p, long k) {
        Gap g = new Gap(p, k);
        window.addReadingsTo(g, k);
        gaps.put(g);
        return g;
    }

    private void countFlags(long packed) {
        int f = Vee.flags(packed);
        if ((f & Vee.NEGATIVE) != 0) {
            counters.negativeDeltas++;
        }
        if ((f & Vee.OVER_CAPACITY) != 0) {
            counters.overCapacity++;
        }
        if ((f & Vee.CUTOFF) != 0) {
            counters.estimatedAtCutoff++;
        }
    }

    /** The values of slot {@code k} as they would be issued now (a new object; no state change). */
    SlotValues preview(long k) {
        SlotValues v = new SlotValues(master);
        int n = registry.size();
        v.reset(k, 0, n);
        Boundary start = window.at(k - 1);
        Boundary end = window.at(k);
        for (int p = 0; p < n; p++) {
            long packed;
            Gap g = gaps.of(p);
            if (g != null) {
                packed = estimator.valueOf(g, k);
            } else if (start != null && end != null && start.has(p) && end.has(p)) {
                packed = validator.measured(p, k, start, end);
            } else {
                Gap tmp = new Gap(p, k);
                window.addReadingsTo(tmp, Long.MIN_VALUE);
                packed = estimator.valueOf(tmp, k);
            }
            put(v, p, packed, registry.retailerIndexAt(p, k));
        }
        return v;
    }

    /** Fills {@code v} with slot {@code s}'s values as issued ({@link DayValues}), as revision {@code revision}. */
    void asIssued(long s, int revision, SlotValues v) {
        int n = registry.size();
        v.reset(s, revision, n);
        for (int p = 0; p < n; p++) {
            put(v, p, days.get(s, p), registry.retailerIndexAt(p, s));
        }
    }

    /**
     * Hands {@code v} (slot {@code s} as issued) the provenance of {@code points}: the closing reading of the slot, or
     * of the gap it was in, where the window still holds it (a revision's value history row).
     */
    void provenance(long s, SlotValues v, int[] points) {
        for (int p : points) {
            window.provenanceTo(v, p, s);
        }
    }

    private static void put(SlotValues v, int p, long packed, int retailer) {
        ValueStatus s = Vee.status(packed);
        v.set(p, s == ValueStatus.MISSING ? 0 : Vee.units(packed), s, retailer, Vee.flags(packed), Vee.method(packed));
    }
}
