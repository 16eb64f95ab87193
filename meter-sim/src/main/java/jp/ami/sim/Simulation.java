package jp.ami.sim;

import java.util.function.LongSupplier;

/**
 * What the simulator's parts share about one simulation: the population (registers included) and its load profile,
 * the simulated history and the frame counters that follow it, the statistics, and the source of batch sequence
 * numbers (one sequence for every batch the simulator builds). Wired once by {@link MeterSimulator}.
 */
record Simulation(MeterPopulation meters, LoadProfile profile, SlotHistory history, FrameCounters counters,
                  SimStats stats, LongSupplier nextBatchSeq) {

    /**
     * Whether the asked meter was installed at the boundary closing {@code closed}: at an exchanged point (x ≥ 0, the
     * {@link MeterExchanges} index) the old meter answers only for boundaries before its exchange slot, the new one only
     * from it on. (Which meter answers follows the boundary, not the clock: the exchange falls after the previous
     * boundary's re-collection rounds, and a run on a fast simulated clock must not turn a late-scheduled answer into a
     * Get_SNA.)
     */
    boolean installed(int x, boolean newMeter, long closed) {
        MeterExchanges ex = meters.exchanges();
        return x < 0 || (newMeter ? closed >= ex.slot(x) : closed < ex.slot(x));
    }

    /** Point i's energy from the history's start through slot {@code closed}, 0.0001 kWh (0 before the start). */
    long energyThrough(int i, long closed) {
        long energy = 0;
        for (long s = history.startSlot() + 1; s <= closed; s++) {
            energy += profile.importUnits(i, s);
        }
        return energy;
    }
}
