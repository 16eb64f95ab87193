package jp.ami.mdms.values;

import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import jp.ami.model.Slots;

/**
 * The issued value of every (slot, supply point), kept off the Java heap in memory-mapped files, one per JST
 * day: {@code <dir>/YYYYMMDD.values}, 48 regions of {@code points × 8} bytes (slot number 1 first), each entry
 * a {@link Vee#pack packed} value, status and flags (0 = nothing issued yet). The engine writes an entry when it
 * issues or revises a value; re-issued per-slot files and the per-day files read it back. Written only by the
 * engine thread; contents survive a process crash (page cache) and are rewritten identically by a replay.
 */
public final class DayValues implements AutoCloseable {
    private final Path dir;
    private final int points;
    private final Map<Long, LongBuffer> slots = new HashMap<>();

    public DayValues(Path dir, int points) {
        this.dir = dir;
        this.points = points;
        MappedLongs.createDirectories(dir);
    }

    public int points() {
        return points;
    }

    private LongBuffer region(long slotIndex, boolean create) {
        LongBuffer b = slots.get(slotIndex);
        if (b != null || points == 0) {
            return b;
        }
        LocalDate day = Slots.jstDate(slotIndex);
        Path file = dir.resolve(String.format("%04d%02d%02d.values", day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
        if (!create && !Files.exists(file)) {
            return null;
        }
        long regionBytes = (long) points * 8;
        long offset = (Slots.number(slotIndex) - 1) * regionBytes;
        b = MappedLongs.map(file, regionBytes * Slots.SLOTS_PER_DAY, offset, regionBytes);
        slots.put(slotIndex, b);
        return b;
    }

    /** The packed entry of ({@code slotIndex}, {@code point}); 0 when nothing was issued. */
    public long get(long slotIndex, int point) {
        LongBuffer b = region(slotIndex, false);
        return b == null ? 0 : b.get(point);
    }

    public void put(long slotIndex, int point, long packed) {
        region(slotIndex, true).put(point, packed);
    }

    /** Unmaps (lets go of) the regions of slots before {@code slotIndex}. */
    public void release(long beforeSlotIndex) {
        for (Iterator<Long> it = slots.keySet().iterator(); it.hasNext(); ) {
            if (it.next() < beforeSlotIndex) {
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        slots.clear();
    }
}
