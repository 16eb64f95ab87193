package jp.ami.hes;

import java.util.ArrayList;
import java.util.List;
import jp.ami.model.Slot;
import jp.ami.model.Slots;

/**
 * Finds the {@link SilentMeters} from the per-meter state ({@link CollectionTracker#lastSeenSlot}, its route): one
 * pass over the directory's expected meters. Not thread-safe: runs on the ingest thread, which owns the state.
 */
final class SilentMeterScan {
    private final MeterDirectory directory;
    private final CollectionTracker meters;

    SilentMeterScan(MeterDirectory directory, CollectionTracker meters) {
        this.directory = directory;
        this.meters = meters;
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
            long lastSeen = meters.lastSeenSlot(meter);
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

    private SilentMeters.Meter row(long meter, long lastSeen) {
        long route = meters.expectedRoute(meter);
        return new SilentMeters.Meter(meter, Routes.pathKey(route), Routes.sourceKey(route), lastSeen,
                lastSeen < 0 ? null : Slots.end(lastSeen).toString());
    }
}
