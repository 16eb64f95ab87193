package jp.ami.mdms.values;

import java.nio.file.Path;
import jp.ami.model.Slots;

/**
 * The issued value of every (slot, supply point), kept off the Java heap in memory-mapped files, one per JST
 * day: {@code <dir>/YYYYMMDD.values}, 48 regions of {@code points × 8} bytes (slot number 1 first), each entry
 * a {@link Vee#pack packed} value, status and flags (0 = nothing issued yet). The engine writes an entry when it
 * issues or revises a value; re-issued per-slot files and the per-day files read it back. Written only by the
 * engine thread; contents survive a process crash (page cache) and are rewritten identically by a replay.
 */
public final class DayValues implements AutoCloseable {
    private final int points;
    private final MappedRegions slots;

    public DayValues(Path dir, int points) {
        this.points = points;
        this.slots = new MappedRegions(dir, points, Slots.SLOTS_PER_DAY, new MappedRegions.Layout() {
            @Override
            public Path file(long slotIndex) {
                return MappedRegions.dayFile(dir, Slots.jstDate(slotIndex), "values");
            }

            @Override
            public int regionInFile(long slotIndex) {
                return Slots.number(slotIndex) - 1;
            }
        });
    }

    public int points() {
        return points;
    }

    /** The packed entry of ({@code slotIndex}, {@code point}); 0 when nothing was issued. */
    public long get(long slotIndex, int point) {
        return slots.get(slotIndex, point);
    }

    public void put(long slotIndex, int point, long packed) {
        slots.put(slotIndex, point, packed);
    }

    /** Unmaps (lets go of) the regions of slots before {@code slotIndex}. */
    public void release(long beforeSlotIndex) {
        slots.release(beforeSlotIndex);
    }

    @Override
    public void close() {
        slots.clear();
    }
}
