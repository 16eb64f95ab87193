package jp.ami.mdms.usage;

/** The issued export (PV, 逆潮流) value of a (slot, point), {@link jp.ami.mdms.values.Vee#pack packed}; 0 when none. */
@FunctionalInterface
public interface ExportSource {
    /** No point exports. */
    ExportSource NONE = (slot, point) -> 0;

    long packed(long slotIndex, int point);

    /** Makes slots {@code [fromSlot, toSlot)} readable from other threads (maps their files); called on the engine thread. */
    default void prepare(long fromSlot, long toSlot) {
    }
}
