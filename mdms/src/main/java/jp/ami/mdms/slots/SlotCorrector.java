package jp.ami.mdms.slots;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.usage.UsageNotices;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Kwh;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * Operator corrections of issued values ({@link SlotEngine#correctionRefusal}, {@link SlotEngine#correct}): checks
 * them, sets the value, and re-issues it as the slot's next revision (rows, per-slot and per-day files, notices).
 * Engine thread only.
 */
final class SlotCorrector {
    private final MasterData master;
    private final SupplyRegistry registry;
    private final ValueStore store;
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final DayValues days;
    private final ExportIndex exportIndex;
    private final SlotCalculator calculator;
    private final SlotCalculator exportCalculator;
    private final RevisionPlanner planner;
    private final RevisionNumbers revisions;
    private final SlotPublisher publisher;
    private final UsageNotices usage;
    private final EngineCounters counters;

    SlotCorrector(MasterData master, SupplyRegistry registry, ValueStore store, BoundaryWindow window, Gaps gaps, DayValues days, ExportIndex exportIndex,
                  SlotCalculator calculator, SlotCalculator exportCalculator, RevisionPlanner planner, RevisionNumbers revisions,
                  SlotPublisher publisher, UsageNotices usage, EngineCounters counters) {
        this.master = master;
        this.registry = registry;
        this.store = store;
        this.window = window;
        this.gaps = gaps;
        this.days = days;
        this.exportIndex = exportIndex;
        this.calculator = calculator;
        this.exportCalculator = exportCalculator;
        this.planner = planner;
        this.revisions = revisions;
        this.publisher = publisher;
        this.usage = usage;
        this.counters = counters;
    }

    /** See {@link SlotEngine#correctionRefusal}. */
    String refusal(int point, long slot, long units) {
        if (point < 0 || point >= registry.size()) {
            return "unknown supply point";
        }
        if (slot > window.watermark()) {
            return "slot " + Slots.jstDate(slot) + " " + Slots.number(slot) + " is not finalised yet: corrections apply to"
                    + " issued values (wait for its cut-off)";
        }
        if (revisions.ofSlot(slot) < 0) {
            return "slot " + Slots.jstDate(slot) + " " + Slots.number(slot) + " is beyond the revision horizon ("
                    + SlotEngine.REVISION_HORIZON_SLOTS / Slots.SLOTS_PER_DAY + " days): it can no longer be revised";
        }
        if (units < 0) {
            return "the value must not be negative";
        }
        int amperes = master.contractAmperes(point);
        if (amperes > 0 && units > Vee.capacityUnitsPerSlot(amperes)) {
            return "the value exceeds what the " + amperes + " A contract lets through in 30 minutes ("
                    + Kwh.format(Vee.capacityUnitsPerSlot(amperes)) + " kWh)";
        }
        return null;
    }

    /** See {@link SlotEngine#correct}; with {@code sideEffects} off it writes no rows and publishes no files. */
    CorrectionOutcome correct(int point, long slot, long units, ValueStatus status, Instant at, long correctionId,
                              String operator, String reason, boolean sideEffects) {
        String refusal = refusal(point, slot, units);
        if (refusal != null) {
            throw new CorrectionRefused(refusal);
        }
        if (status == ValueStatus.MISSING) {
            throw new CorrectionRefused("a correction gives a value: status present or estimated");
        }
        LocalDateTime createdAt = LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), Slots.JST);
        long before = days.get(slot, point);
        long after = Vee.pack(units, status, Vee.CORRECTED, Vee.Method.OPERATOR);
        days.put(slot, point, after);
        Gap g = gaps.of(point);
        if (g != null && slot >= g.first && slot < g.first + g.issuedCount) {
            g.issue(slot, after); // its recomputation keeps the correction
        }
        counters.adjust(Vee.isSet(before) ? Vee.status(before) : ValueStatus.MISSING, -1);
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
}
