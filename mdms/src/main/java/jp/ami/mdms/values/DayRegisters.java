package jp.ami.mdms.values;

import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import jp.ami.model.EnergyUnit;
import jp.ami.model.Registers;

/**
 * Every supply point's register reading (指示数) at 00:00 JST of each day, kept off the Java heap in one
 * memory-mapped file per day: {@code <dir>/YYYYMMDD.registers}, {@code points × 8} bytes, entry {@code p} the
 * {@link #pack packed} register of point {@code p} at the start of that day (0 = not known). The confirmed
 * usage of a reading period is checked against the difference of the registers of its first and last day
 * boundaries. Written and read only by the engine thread; rewritten identically by a replay.
 *
 * <pre>
 * packed entry (long, little-endian in the file)
 *  bit 62        1 = known
 *  bits 44–61    coefficient (1 … 262,143; a meter with a larger coefficient is not captured)
 *  bits 40–43    register digits (1 … 10)
 *  bits 32–39    unit code (ECHONET Lite 0xE1)
 *  bits  0–31    register value (u32)
 * </pre>
 */
public final class DayRegisters implements AutoCloseable {
    /** Largest coefficient an entry can hold. */
    public static final int MAX_COEFFICIENT = (1 << 18) - 1;
    private final Path dir;
    private final int points;
    private final Map<Long, LongBuffer> days = new HashMap<>();

    public DayRegisters(Path dir, int points) {
        this.dir = dir;
        this.points = points;
        MappedLongs.createDirectories(dir);
    }

    /** Packs a register with its format; 0 (unknown) when the coefficient does not fit. */
    public static long pack(long register, int unitCode, int digits, int coefficient) {
        if (coefficient < 1 || coefficient > MAX_COEFFICIENT || digits < 1 || digits > 10) {
            return 0;
        }
        return (register & 0xFFFF_FFFFL) | ((long) (unitCode & 0xFF) << 32) | ((long) digits << 40)
                | ((long) coefficient << 44) | (1L << 62);
    }

    public static boolean isKnown(long packed) {
        return (packed & (1L << 62)) != 0;
    }

    public static long register(long packed) {
        return packed & 0xFFFF_FFFFL;
    }

    public static int unitCode(long packed) {
        return (int) (packed >>> 32) & 0xFF;
    }

    public static int digits(long packed) {
        return (int) (packed >>> 40) & 0xF;
    }

    public static int coefficient(long packed) {
        return (int) (packed >>> 44) & MAX_COEFFICIENT;
    }

    /**
     * The energy between two register readings of the same meter in 0.0001 kWh: {@code (to − from) mod 10^digits ×
     * unit × coefficient}, with the format of {@code to}.
     */
    public static long unitsBetween(long fromRegister, long toPacked) {
        long steps = Registers.delta(fromRegister, register(toPacked), digits(toPacked));
        return EnergyUnit.ofCode(unitCode(toPacked)).toUnits(steps, coefficient(toPacked));
    }

    /** Whether the registers of JST day {@code epochDay} were captured (the MDMS ran at that day's start). */
    public boolean has(long epochDay) {
        return days.containsKey(epochDay) || Files.exists(file(epochDay));
    }

    /** The packed register of {@code point} at 00:00 JST of {@code epochDay}; 0 when unknown. */
    public long get(long epochDay, int point) {
        LongBuffer b = map(epochDay, false);
        return b == null ? 0 : b.get(point);
    }

    public void put(long epochDay, int point, long packed) {
        map(epochDay, true).put(point, packed);
    }

    /** Creates the (all unknown) file of {@code epochDay}, so that {@link #has} is true even when no register was known. */
    public void touch(long epochDay) {
        map(epochDay, true);
    }

    private Path file(long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        return dir.resolve(String.format("%04d%02d%02d.registers", d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
    }

    private LongBuffer map(long epochDay, boolean create) {
        LongBuffer b = days.get(epochDay);
        if (b != null || points == 0) {
            return b;
        }
        Path file = file(epochDay);
        if (!create && !Files.exists(file)) {
            return null;
        }
        long bytes = (long) points * 8;
        b = MappedLongs.map(file, bytes, 0, bytes);
        days.put(epochDay, b);
        return b;
    }

    /** Unmaps the days before {@code epochDay} (their files stay). */
    public void release(long beforeEpochDay) {
        for (Iterator<Long> it = days.keySet().iterator(); it.hasNext(); ) {
            if (it.next() < beforeEpochDay) {
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        days.clear();
    }
}
