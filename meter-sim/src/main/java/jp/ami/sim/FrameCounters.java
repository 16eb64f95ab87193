package jp.ami.sim;

import java.time.Clock;
import java.util.Arrays;
import jp.ami.model.Slots;

/**
 * The meters' frame counters. They follow time, as on a real meter, however far ahead the simulator builds frames:
 * the frame closing slot s carries {@code base + 8 (s − historyStart)} (0xEA) and + 1 (0xEB); re-collection answers
 * sent during slot k take + 2 … + 7 after the boundary that opened k. {@code base} derives from the seed (meters have
 * been running, so counters start with some history). An exchanged point's new meter starts fresh at
 * {@value #NEW_METER_BASE} with its exchange slot.
 *
 * <p>Boundary counters are pure arithmetic (any thread); answer counters remember each meter's last answer and are
 * called under the simulator's lock.
 */
final class FrameCounters {
    static final int PER_SLOT = 8;
    /** A new meter's first frame (closing its exchange slot) carries this counter. */
    static final long NEW_METER_BASE = 1;

    private final MeterPopulation meters;
    private final SlotHistory history;
    private final Clock clock;
    /** Each original meter's last re-collection answer counter. */
    private final long[] lastAnswer;
    /** Last re-collection answer counter of each exchange's new meter. */
    private long[] newMeterLastAnswer = new long[0];

    FrameCounters(MeterPopulation meters, SlotHistory history, Clock clock) {
        this.meters = meters;
        this.history = history;
        this.clock = clock;
        this.lastAnswer = new long[meters.size()];
    }

    /**
     * The counter of point i's frame closing {@code closedSlot} (+ 1 for its 0xEB frame), from the meter installed
     * then.
     */
    long atBoundary(int i, long closedSlot) {
        MeterExchanges ex = meters.exchanges();
        int x = ex.indexOfPoint(i);
        if (x >= 0 && closedSlot >= ex.slot(x)) {
            return newMeter(x, closedSlot);
        }
        return original(i, closedSlot);
    }

    /**
     * A fresh counter for a re-collection answer sent now by point i's original meter, or (exchange x ≥ 0,
     * {@code newMeter}) by the new meter of exchange x.
     */
    long forAnswer(int i, int x, boolean newMeter) {
        long lastBoundarySlot = Math.max(Slots.containing(clock.instant().getEpochSecond()) - 1, history.startSlot());
        if (newMeter) {
            if (newMeterLastAnswer.length != meters.exchanges().size()) {
                newMeterLastAnswer = Arrays.copyOf(newMeterLastAnswer, meters.exchanges().size());
            }
            long c = Math.max(newMeterLastAnswer[x] + 1,
                    newMeter(x, Math.max(lastBoundarySlot, meters.exchanges().slot(x))) + 2);
            newMeterLastAnswer[x] = c;
            return c;
        }
        long c = Math.max(lastAnswer[i] + 1, original(i, lastBoundarySlot) + 2);
        lastAnswer[i] = c;
        return c;
    }

    /** Counter base of meter i. */
    private long base(int i) {
        return 1000 + Mix.below(Mix.mix(meters.config().seed(), i, 13), 100_000);
    }

    private long original(int i, long closedSlot) {
        return base(i) + PER_SLOT * (closedSlot - history.startSlot());
    }

    private long newMeter(int x, long closedSlot) {
        return NEW_METER_BASE + PER_SLOT * (closedSlot - meters.exchanges().slot(x));
    }
}
