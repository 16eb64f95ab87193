package jp.ami.mdms.values;

/**
 * VEE (validation, estimation, editing) flags of a 30-minute value, a bit set stored with every value
 * ({@code vee_flags} in QuestDB). Validation rules, all in exact integer arithmetic:
 * <ul>
 *   <li>{@link #NEGATIVE}: the register went backwards by more than a rollover explains. A register delta is
 *       computed modulo 10^digits; when the current register is below the previous one, the modular delta is a
 *       rollover only if it is within the contract capacity, else it is a negative delta.</li>
 *   <li>{@link #OVER_CAPACITY}: the delta exceeds what the contract capacity can pass: contract amperes × 100 V
 *       × 0.5 h per slot = amperes × 500 units of 0.0001 kWh per slot (× the number of slots of a span), plus
 *       one register step (unit × coefficient), since a register that counts whole steps can show up to one step
 *       more than the energy that passed.</li>
 *   <li>{@link #CLOCK_SKEW}: a boundary reading was stamped off the boundary (within the tolerance) and snapped.</li>
 *   <li>{@link #DUPLICATE_CONFLICT}: a boundary reading arrived twice with different registers; the first one
 *       in journal order is kept.</li>
 *   <li>{@link #GAP}: a boundary reading is missing: the value is estimated or missing.</li>
 *   <li>{@link #EXCHANGE}: the slot contains a meter exchange.</li>
 * </ul>
 * A value flagged NEGATIVE or OVER_CAPACITY is delivered with the missing status (it is not a usable value).
 */
public final class Vee {
    public static final int NEGATIVE = 1;
    public static final int OVER_CAPACITY = 2;
    public static final int CLOCK_SKEW = 4;
    public static final int DUPLICATE_CONFLICT = 8;
    public static final int GAP = 16;
    public static final int EXCHANGE = 32;

    private Vee() {
    }

    /** Capacity of one slot in 0.0001 kWh: amperes × 100 V × 0.5 h = amperes × 50 Wh = amperes × 500 units. */
    public static long capacityUnitsPerSlot(int amperes) {
        return amperes * 500L;
    }

    /**
     * Packs a value, status and flags into one long: bits 0–47 the value (signed), 48–55 flags, 56–57 status
     * ordinal, bit 62 set (so 0 means "no value recorded").
     */
    public static long pack(long units, ValueStatus status, int flags) {
        return (units & 0xFFFF_FFFF_FFFFL) | ((long) (flags & 0xFF) << 48) | ((long) status.ordinal() << 56) | (1L << 62);
    }

    public static long units(long packed) {
        return (packed << 16) >> 16;
    }

    public static int flags(long packed) {
        return (int) (packed >>> 48) & 0xFF;
    }

    public static ValueStatus status(long packed) {
        return ValueStatus.ofOrdinal((int) (packed >>> 56) & 0x3);
    }

    public static boolean isSet(long packed) {
        return (packed & (1L << 62)) != 0;
    }
}
