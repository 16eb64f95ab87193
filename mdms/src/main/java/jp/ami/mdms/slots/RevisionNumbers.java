package jp.ami.mdms.slots;

import java.util.HashMap;
import jp.ami.model.Slots;

/**
 * The latest revision issued of every finalised slot and of every JST day whose per-day files were issued (0 = first
 * issue), within the revision horizon. Both stop at 99 (two digits in the file name: a 100th revision would give a
 * name the delivery service and the retailers' clients refuse).
 */
final class RevisionNumbers {
    static final int MAX = 99;
    private final HashMap<Long, Integer> slots = new HashMap<>();
    private final HashMap<Long, Integer> days = new HashMap<>();

    /** Latest revision issued for {@code slotIndex}, or -1 if not finalised / beyond the horizon. */
    int ofSlot(long slotIndex) {
        return slots.getOrDefault(slotIndex, -1);
    }

    void slotIssued(long slotIndex) {
        slots.put(slotIndex, 0);
    }

    /** The next revision of {@code slotIndex} (recorded as its latest). */
    int nextOfSlot(long slotIndex) {
        return next(slots, slotIndex);
    }

    boolean dayIssued(long epochDay) {
        return days.containsKey(epochDay);
    }

    void dayFilesIssued(long epochDay) {
        days.put(epochDay, 0);
    }

    /** The next revision of the per-day files of JST day {@code epochDay} (recorded as its latest). */
    int nextOfDay(long epochDay) {
        return next(days, epochDay);
    }

    /**
     * Takes the next revision of finalised slot {@code slotIndex} for an on-demand re-issue: above the latest and at
     * least {@code atLeast}, at most {@link #MAX}; recorded as the slot's latest.
     */
    int reserveSlot(long slotIndex, int atLeast) {
        int r = Math.min(MAX, Math.max(ofSlot(slotIndex) + 1, atLeast));
        slots.put(slotIndex, r);
        return r;
    }

    /** Takes the next revision of the per-day files of JST day {@code epochDay} for an on-demand re-issue, like {@link #reserveSlot}. */
    int reserveDay(long epochDay, int atLeast) {
        int r = Math.min(MAX, Math.max(days.getOrDefault(epochDay, -1) + 1, atLeast));
        days.put(epochDay, r);
        return r;
    }

    /** Moves {@code key}'s revision on by one, to {@link #MAX} at most, and returns it. */
    private static int next(HashMap<Long, Integer> revisions, long key) {
        return revisions.merge(key, 1, (old, one) -> Math.min(MAX, old + one));
    }

    /** Forgets the slots before {@code slotLimit} and the days before the day of {@code slotLimit}. */
    void dropBefore(long slotLimit) {
        slots.keySet().removeIf(s -> s < slotLimit);
        days.keySet().removeIf(d -> d < Slots.jstEpochDay(slotLimit));
    }

    // ---- for SnapshotCodec

    HashMap<Long, Integer> slotMap() {
        return slots;
    }

    HashMap<Long, Integer> dayMap() {
        return days;
    }
}
