package jp.ami.mdms.values;

import java.nio.file.Path;
import java.time.LocalDate;
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
    private final MappedRegions days;

    public DayRegisters(Path dir, int points) {
        this.days = new MappedRegions(dir, points, 1, new MappedRegions.Layout() {
            @Override
            public Path file(long epochDay) {
                return MappedRegions.dayFile(dir, LocalDate.ofEpochDay(epochDay), "registers");
            }

            @Override
            public int regionInFile(long epochDay) {
                return 0;
            }
        });
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
        return days.exists(epochDay);
    }

    /** The packed register of {@code point} at 00:00 JST of {@code epochDay}; 0 when unknown. */
    public long get(long epochDay, int point) {
        return days.get(epochDay, point);
    }

    public void put(long epochDay, int point, long packed) {
        days.put(epochDay, point, packed);
    }

    /** Creates the (all unknown) file of {@code epochDay}, so that {@link #has} is true even when no register was known. */
    public void touch(long epochDay) {
        days.region(epochDay, true);
    }

    /** Unmaps the days before {@code epochDay} (their files stay). */
    public void release(long beforeEpochDay) {
        days.release(beforeEpochDay);
    }

    @Override
    public void close() {
        days.clear();
    }
}
