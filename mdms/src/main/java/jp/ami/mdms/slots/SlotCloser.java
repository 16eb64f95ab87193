package jp.ami.mdms.slots;

import java.util.BitSet;
import java.util.Map;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.DayValues;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * Closes a finalised slot: takes it out of the import and export windows, forgets what is now beyond the revision
 * horizon ({@link SlotEngine#REVISION_HORIZON_SLOTS}; values a like day older), captures the registers at 00:00 JST
 * at slot 1 and, after the last slot of a JST day, plans that day's first per-day files.
 */
final class SlotCloser {
    private final SupplyRegistry registry;
    private final MeterFormats formats;
    private final BoundaryWindow window;
    private final BoundaryWindow exportWindow;
    private final Gaps gaps;
    private final Gaps exportGaps;
    private final RevisionNumbers revisions;
    private final DayValues days;
    private final DayValues exportDays;
    private final DayRegisters registers;

    SlotCloser(SupplyRegistry registry, MeterFormats formats, BoundaryWindow window, BoundaryWindow exportWindow, Gaps gaps,
               Gaps exportGaps, RevisionNumbers revisions, DayValues days, DayValues exportDays, DayRegisters registers) {
        this.registry = registry;
        this.formats = formats;
        this.window = window;
        this.exportWindow = exportWindow;
        this.gaps = gaps;
        this.exportGaps = exportGaps;
        this.revisions = revisions;
        this.days = days;
        this.exportDays = exportDays;
        this.registers = registers;
    }

    /**
     * Closes slot {@code k} in the window, forgets what is now beyond the revision horizon and, after the last slot
     * of a JST day, plans that day's first per-day files (every retailer). The days forgotten here may still have
     * re-issues planned by this tick: {@code dayFiles} carries their revision numbers.
     */
    void close(long k, Map<Long, RevisionPlanner.DayFiles> dayFiles) {
        if (Slots.number(k) == 1) {
            captureRegisters(Slots.jstEpochDay(k), window.at(k - 1));
        }
        window.close(k);
        exportWindow.close(k);
        long limit = k - SlotEngine.REVISION_HORIZON_SLOTS;
        gaps.dropBefore(limit);
        exportGaps.dropBefore(limit);
        revisions.dropBefore(limit);
        days.release(limit - SlotEngine.LIKE_DAY_SLOTS);
        exportDays.release(limit - SlotEngine.LIKE_DAY_SLOTS);
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
}
