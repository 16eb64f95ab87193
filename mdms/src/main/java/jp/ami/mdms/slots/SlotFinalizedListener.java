package jp.ami.mdms.slots;

/** Told when a slot has been finalised: values stored and all its files published. Called on the engine thread. */
@FunctionalInterface
public interface SlotFinalizedListener {
    void slotFinalized(long slotIndex, SlotStats stats);
}
