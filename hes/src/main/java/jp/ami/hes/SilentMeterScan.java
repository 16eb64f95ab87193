package jp.ami.hes;

import java.util.ArrayList;
import java.util.List;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.Slot;
import jp.ami.model.Slots;

/**
 * Finds the {@link SilentMeters} from the per-meter boundary windows: a meter's newest journaled boundary is the top
 * of its {@link ReplayWindow} over boundary numbers (the boundary closing slot {@code s} is number {@code s + 1}).
 * One pass over the directory's expected meters. Not thread-safe: runs on the ingest thread, which owns the state.
 */
final class SilentMeterScan {
    private final MeterDirectory directory;
    private final MeterIndex meterIndex;
    private final MeterStateTable state;
    private final CollectionTracker routes;

    SilentMeterScan(MeterDirectory directory, MeterIndex meterIndex, MeterStateTable state, CollectionTracker routes) {
        this.directory = directory;
        this.meterIndex = meterIndex;
        this.state = state;
        this.routes = routes;
    }

    /**
     * @param referenceSlot the newest complete boundary's slot, -1 for none
     * @param slots         boundaries up to and including the reference a meter must have missed (≥ 1)
     * @param limit         most meters listed (the total is counted regardless)
     */
    SilentMeters scan(long referenceSlot, int slots, int limit) {
        if (referenceSlot < 0) {
            return new SilentMeters(-1, null, slots, 0, List.of());
        }
        long newestAllowed = referenceSlot - slots; // a meter seen at this slot or earlier only qualifies
        List<SilentMeters.Meter> out = new ArrayList<>();
        long[] total = {0};
        directory.forEachExpected(referenceSlot, meter -> {
            long lastSeen = lastSeenSlot(meter);
            if (lastSeen > newestAllowed) {
                return;
            }
            total[0]++;
            if (out.size() < limit) {
                out.add(row(meter, lastSeen));
            }
        });
        return new SilentMeters(referenceSlot, Slot.ofIndex(referenceSlot).toString(), slots, total[0], out);
    }

    /** Slot index closed by the meter's newest journaled boundary reading, -1 when none. */
    private long lastSeenSlot(long meter) {
        int i = meterIndex.indexOf(meter);
        if (i < 0) {
            return -1;
        }
        long w = state.boundary(i, ReadingBatch.DIRECTION_NORMAL);
        return w == ReplayWindow.NONE ? -1 : (w >>> 32) - 1;
    }

    private SilentMeters.Meter row(long meter, long lastSeen) {
        long route = routes.expectedRoute(meter);
        return new SilentMeters.Meter(meter, Routes.pathKey(route), Routes.sourceKey(route), lastSeen,
                lastSeen < 0 ? null : Slots.end(lastSeen).toString());
    }
}
