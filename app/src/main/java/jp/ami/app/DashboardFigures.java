package jp.ami.app;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.front.FrontServer;
import jp.ami.hes.CollectionStats;
import jp.ami.hes.HesServer;
import jp.ami.hes.IngestStats;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.slots.EngineStats;
import jp.ami.mdms.slots.SlotTiming;
import jp.ami.model.Slot;

/**
 * Reads the figures of {@link DashboardSnapshot} from the running services, the same counters the demo's summary
 * ({@link SummaryFigures}) reads: the head-end's ingest and collection statistics, the MDMS engine's, the published
 * files' delivery latency and the front's refusal counters. Thread-safe (each source is).
 */
final class DashboardFigures {
    private final HesServer hes;
    private final MdmsServer mdms;
    private final FrontServer front;
    private final PublishedFiles published;
    private final Clock clock;

    DashboardFigures(HesServer hes, MdmsServer mdms, FrontServer front, PublishedFiles published, Clock clock) {
        this.hes = hes;
        this.mdms = mdms;
        this.front = front;
        this.published = published;
        this.clock = clock;
    }

    DashboardSnapshot snapshot() {
        IngestStats.Snapshot hs = hes.stats().snapshot();
        long journaled = hs.framesJournaled().values().stream().mapToLong(Long::longValue).sum();
        long rejected = hs.rejected().values().stream().mapToLong(Long::longValue).sum();
        List<DashboardSnapshot.SlotCollection> slots = new ArrayList<>();
        long[] total = new long[4];
        for (CollectionStats.SlotView v : hes.collection().slots()) {
            slots.add(new DashboardSnapshot.SlotCollection(v.slotIndex(), v.slot(), v.complete(), v.expected(), v.firstTry(),
                    v.recovered(), v.missing(), v.byPath()));
            total[0] += v.expected();
            total[1] += v.firstTry();
            total[2] += v.recovered();
            total[3] += v.missing();
        }
        EngineStats es = mdms.stats();
        DeliveryLatency latency = published.latency();
        return new DashboardSnapshot(clock.instant().toString(),
                new DashboardSnapshot.Readings(journaled, hs.duplicatesDropped(), rejected),
                slots,
                new DashboardSnapshot.Counts(total[0], total[1], total[2], total[3]),
                new DashboardSnapshot.Values(es.valuesStored(), es.present(), es.estimated(), es.missing()),
                new DashboardSnapshot.Files(published.published(), published.perRetailer()),
                new DashboardSnapshot.Delivery(latency.percentileMinutes(50), latency.percentileMinutes(99), latency.maxMinutes(),
                        latency.withinBudgetShare(), latency.count(), DeliveryLatency.BUDGET.toMinutes(), bySlot(es.slotTimings())),
                mdms(es, journaled),
                front());
    }

    private static List<DashboardSnapshot.SlotDelivery> bySlot(List<SlotTiming> timings) {
        List<DashboardSnapshot.SlotDelivery> out = new ArrayList<>();
        for (SlotTiming t : timings) {
            if (t.filePublishedAt() != null) {
                out.add(new DashboardSnapshot.SlotDelivery(t.slotIndex(), Slot.ofIndex(t.slotIndex()).toString(),
                        minutes(Duration.between(t.slotEnd(), t.filePublishedAt()))));
            }
        }
        return out;
    }

    private static DashboardSnapshot.Mdms mdms(EngineStats es, long journaled) {
        List<SlotTiming> timings = es.slotTimings();
        SlotTiming last = timings.isEmpty() ? null : timings.get(timings.size() - 1);
        return new DashboardSnapshot.Mdms(Math.max(0, journaled - es.readings()), es.readings(), es.slotsFinalized(),
                last == null ? null : Slot.ofIndex(last.slotIndex()).toString(),
                last == null || last.finalizedAt() == null ? 0 : minutes(Duration.between(last.slotEnd(), last.finalizedAt())));
    }

    private DashboardSnapshot.Front front() {
        Map<String, Long> byReason = new TreeMap<>();
        long total = 0;
        for (var e : front.rejections().entrySet()) {
            if (e.getValue() != 0) {
                byReason.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
                total += e.getValue();
            }
        }
        return new DashboardSnapshot.Front(total, byReason, front.openConnections());
    }

    private static double minutes(Duration d) {
        return Math.round(d.toMillis() / 6000.0) / 10.0;
    }
}
