package jp.ami.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.slots.SlotFinalizedListener;
import jp.ami.mdms.slots.SlotStats;

/**
 * The slots a run expects the MDMS to finalise, to wait on: one latch per slot, counted down when the engine
 * tells of the slot, with what finalising it produced. Shared by the demo and the end-to-end benchmark.
 */
public final class SlotFinalisations implements SlotFinalizedListener {
    private final Map<Long, CountDownLatch> finalized = new ConcurrentHashMap<>();
    private final Map<Long, SlotStats> slotStats = new ConcurrentHashMap<>();

    private SlotFinalisations(long first, long last) {
        for (long s = first; s <= last; s++) {
            finalized.put(s, new CountDownLatch(1));
        }
    }

    /** Listens to {@code mdms}'s engine and tells the MDMS to expect the slots {@code first}–{@code last}. */
    public static SlotFinalisations expect(MdmsServer mdms, long first, long last) {
        SlotFinalisations f = new SlotFinalisations(first, last);
        mdms.engine().addSlotFinalizedListener(f);
        mdms.expectSlots(first, last);
        return f;
    }

    @Override
    public void slotFinalized(long slotIndex, SlotStats stats) {
        slotStats.put(slotIndex, stats);
        CountDownLatch l = finalized.get(slotIndex);
        if (l != null) {
            l.countDown();
        }
    }

    /** Waits until {@code slot} (one of the expected) is finalised; false if the time ran out first. */
    public boolean await(long slot, long timeout, TimeUnit unit) throws InterruptedException {
        return finalized.get(slot).await(timeout, unit);
    }

    /** What finalising {@code slot} produced; null until it is finalised. */
    public SlotStats stats(long slot) {
        return slotStats.get(slot);
    }
}
