package jp.ami.hes;

import java.util.Arrays;
import java.util.List;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;

/**
 * The re-collection bookkeeping of the ingest thread. Answers {@link Recollector}'s and {@link SilentMeterScan}'s
 * questions from the per-meter state (is a meter's boundary reading journaled, which is its newest, which route do
 * its frames come from); notes the slot each Get_SNA of the current batch answers; and once a batch is journaled, counts its boundary readings (first try or
 * recovered, per route and area) and its Get_SNAs into {@link CollectionStats}, and the batch's re-collected,
 * PV-export and Get_SNA totals into {@link IngestStats} (one pass over the records). Not thread-safe: the ingest
 * thread owns it.
 */
final class CollectionTracker {
    private final MeterDirectory directory;
    private final MeterIndex meterIndex;
    private final MeterStateTable state;
    private final CollectionStats collection;
    private final IngestStats stats;
    private final MissingHistory missingHistory;
    /** Slots answered by the current batch's Get_SNAs. */
    private long[] snaSlots = new long[64];
    private int snaCount;

    CollectionTracker(MeterDirectory directory, MeterIndex meterIndex, MeterStateTable state,
                      CollectionStats collection, IngestStats stats, MissingHistory missingHistory) {
        this.missingHistory = missingHistory;
        this.directory = directory;
        this.meterIndex = meterIndex;
        this.state = state;
        this.collection = collection;
        this.stats = stats;
    }

    /** Whether the meter's 0xEA reading for the boundary closing {@code slotIndex} was journaled. */
    boolean hasReading(long meterId, long slotIndex) {
        int i = meterIndex.indexOf(meterId);
        if (i < 0) {
            return false;
        }
        long w = state.boundary(i, ReadingBatch.DIRECTION_NORMAL);
        return ReplayWindow.check(w, slotIndex + 1) == ReplayWindow.DUPLICATE;
    }

    /**
     * Slot index closed by the meter's newest journaled 0xEA boundary reading, -1 when none: the top of its
     * {@link ReplayWindow} over boundary numbers (the boundary closing slot {@code s} is number {@code s + 1}).
     */
    long lastSeenSlot(long meterId) {
        int i = meterIndex.indexOf(meterId);
        if (i < 0) {
            return -1;
        }
        long w = state.boundary(i, ReadingBatch.DIRECTION_NORMAL);
        return w == ReplayWindow.NONE ? -1 : (w >>> 32) - 1;
    }

    /** The meter's learned {@link Routes route}, {@link Routes#UNROUTED} when unknown. */
    long route(long meterId) {
        int i = meterIndex.indexOf(meterId);
        return i < 0 ? Routes.UNROUTED : state.route(i);
    }

    /**
     * The meter's learned route; for a new meter not heard from yet, the route of the meter it replaced (it hangs off
     * the same concentrator / relay / router); {@link Routes#UNROUTED} when neither is known.
     */
    long expectedRoute(long meterId) {
        long route = route(meterId);
        if (route == Routes.UNROUTED) {
            long replaced = directory.replaced(meterId);
            if (replaced != 0) {
                route = route(replaced);
            }
        }
        return route;
    }

    /** A new batch is being checked: forgets the previous one's Get_SNAs. */
    void beginBatch() {
        snaCount = 0;
    }

    /** The current batch holds an authentic Get_SNA from {@code meter}: notes the slot it answers. */
    void getSna(long meter) {
        if (snaCount == snaSlots.length) {
            snaSlots = Arrays.copyOf(snaSlots, snaCount * 2);
        }
        snaSlots[snaCount++] = pendingSnaSlot(meter);
    }

    /** The current batch's records are journaled; they came over {@code path} from {@code route}. */
    void journaled(ReadingBatch batch, CommPath path, long route) {
        int accepted = batch.size();
        int recovered = 0;
        int exports = 0;
        for (int i = 0; i < accepted; i++) {
            if (batch.direction(i) != ReadingBatch.DIRECTION_NORMAL) {
                exports++;
            }
            if ((batch.flags(i) & ReadingBatch.FLAG_RECOLLECTED) != 0) {
                recovered++;
            }
            if (countsForCollection(batch, i)) {
                received(batch, i, route);
            }
        }
        for (int i = 0; i < snaCount; i++) {
            collection.getSna(snaSlots[i]);
        }
        stats.recollected(path, recovered);
        stats.exportJournaled(exports);
        stats.getSna(snaCount);
    }

    /**
     * Start-up only: counts a batch journaled before a restart into the collection statistics (its boundary readings,
     * first try or recovered) and marks them filled for the bulk pull, as {@link #journaled} did, without counting it
     * again in {@link IngestStats} (the totals of this process). Readings of slots older than {@code fromSlot} are
     * passed over (their statistics are no longer kept).
     */
    void restored(ReadingBatch batch, long route, long fromSlot) {
        for (int i = 0; i < batch.size(); i++) {
            if (countsForCollection(batch, i) && Slots.closedBy(batch.readingEpochSecond(i)) >= fromSlot
                    && directory.isKnown(batch.meterId(i))) {
                received(batch, i, route);
            }
        }
    }

    /**
     * Whether record i is a boundary reading the collection statistics count: a normal-direction reading on a
     * boundary, not from the day history (a day-old boundary: its slot's statistics are closed).
     */
    private static boolean countsForCollection(ReadingBatch batch, int i) {
        return (batch.flags(i) & ReadingBatch.FLAG_HISTORY) == 0 && Slots.isBoundary(batch.readingEpochSecond(i))
                && batch.direction(i) == ReadingBatch.DIRECTION_NORMAL;
    }

    /** Record i was journaled: its slot received it (first try or recovered), and the bulk pull need not ask for it. */
    private void received(ReadingBatch batch, int i, long route) {
        long meter = batch.meterId(i);
        long t = batch.readingEpochSecond(i);
        missingHistory.fill(meter, t); // also a late push after the final scan
        collection.received(Slots.closedBy(t), route, directory.areaOf(meter),
                (batch.flags(i) & ReadingBatch.FLAG_RECOLLECTED) != 0, batch.receivedEpochMillis(i) / 1000);
    }

    /** The slot a Get_SNA answers: the oldest boundary the meter still lacks among the kept ones (best effort). */
    private long pendingSnaSlot(long meter) {
        List<Long> active = collection.active();
        for (long slot : active) {
            if (!hasReading(meter, slot)) {
                return slot;
            }
        }
        return active.isEmpty() ? 0 : active.get(active.size() - 1);
    }
}
