package jp.ami.sim;

import java.util.function.LongSupplier;

/**
 * What the simulator's parts share about one simulation: the population (registers included) and its load profile,
 * the simulated history and the frame counters that follow it, the statistics, and the source of batch sequence
 * numbers (one sequence for every batch the simulator builds). Wired once by {@link MeterSimulator}.
 */
record Simulation(MeterPopulation meters, LoadProfile profile, SlotHistory history, FrameCounters counters,
                  SimStats stats, LongSupplier nextBatchSeq) {
}
