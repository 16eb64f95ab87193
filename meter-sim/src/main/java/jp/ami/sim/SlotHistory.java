package jp.ami.sim;

/**
 * The slots a run has built readings for: from the boundary that opened the run (energy 0 there) to the last slot
 * whose closing readings were built. Re-collection answers only boundaries inside it; frame counters count slots from
 * its start. Not thread-safe: the simulator reads and moves it under its own lock (builder threads read it only after
 * being started from there).
 */
final class SlotHistory {
    /** Slot index whose end is the first boundary sent; {@link Long#MIN_VALUE} before the first. */
    private long startSlot = Long.MIN_VALUE;
    /** The last slot index whose closing readings were built; {@link Long#MIN_VALUE} before the first. */
    private long endSlot = Long.MIN_VALUE;

    /**
     * Records that readings were built for the boundary closing {@code closedSlot}; the first call also fixes the
     * start of the history at {@code startSlot} (later calls leave it).
     */
    void built(long startSlot, long closedSlot) {
        if (this.startSlot == Long.MIN_VALUE) {
            this.startSlot = startSlot;
        }
        endSlot = Math.max(endSlot, closedSlot);
    }

    /** Slot index whose end is the first boundary sent. */
    long startSlot() {
        return startSlot;
    }

    /** Whether the boundary closing {@code closedSlot} lies inside the history (the opening boundary included). */
    boolean covers(long closedSlot) {
        return closedSlot >= startSlot && closedSlot <= endSlot;
    }
}
