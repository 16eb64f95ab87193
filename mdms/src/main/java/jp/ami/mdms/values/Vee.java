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
 *   <li>{@link #CUTOFF}: estimated at the cut-off while the closing reading was still missing (only the opening
 *       register, or none, known): provisional, replaced by a higher revision when real data arrives.</li>
 *   <li>{@link #CORRECTED}: set by an operator correction (see {@link Method#OPERATOR}).</li>
 * </ul>
 * Beside the flags, a packed value carries the {@link Method} that produced it (the rule recorded with every revision
 * in the value history).
 * A value flagged NEGATIVE or OVER_CAPACITY is delivered with the missing status (it is not a usable value).
 */
public final class Vee {
    public static final int NEGATIVE = 1;
    public static final int OVER_CAPACITY = 2;
    public static final int CLOCK_SKEW = 4;
    public static final int DUPLICATE_CONFLICT = 8;
    public static final int GAP = 16;
    public static final int EXCHANGE = 32;
    public static final int CUTOFF = 64;
    public static final int CORRECTED = 128;

    /** How a value was produced: the rule stored with every revision ({@code rule} in QuestDB's value history). */
    public enum Method {
        /** Measured: both boundary registers read (or no value at all: missing). */
        MEASURED,
        /** A gap's known difference distributed by the like day (same slots 7 days earlier). */
        LIKE_DAY,
        /** A gap's known difference distributed by the point's recent days (mean per slot). */
        RECENT_DAYS,
        /** A gap's known difference, or a cut-off estimate, from the documented load profile. */
        PROFILE,
        /** A gap's known difference distributed evenly. */
        LINEAR,
        /** Entered by an operator correction. */
        OPERATOR;

        private static final Method[] VALUES = values();

        public static Method ofOrdinal(int ordinal) {
            return VALUES[ordinal];
        }
    }

    private Vee() {
    }

    private static final String[] FLAG_NAMES = {"NEGATIVE", "OVER_CAPACITY", "CLOCK_SKEW", "DUPLICATE_CONFLICT", "GAP",
            "EXCHANGE", "CUTOFF", "CORRECTED"};

    /** The names of the set flag bits, in bit order (e.g. {@code [GAP, CUTOFF]}); empty for 0. */
    public static java.util.List<String> flagNames(int flags) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                out.add(FLAG_NAMES[bit]);
            }
        }
        return out;
    }

    /** Capacity of one slot in 0.0001 kWh: amperes × 100 V × 0.5 h = amperes × 50 Wh = amperes × 500 units. */
    public static long capacityUnitsPerSlot(int amperes) {
        return amperes * 500L;
    }

    /**
     * Packs a value, status and flags into one long: bits 0–47 the value (signed), 48–55 flags, 56–57 status
     * ordinal, 58–60 the {@link Method} ordinal, bit 62 set (so 0 means "no value recorded").
     */
    public static long pack(long units, ValueStatus status, int flags, Method method) {
        return (units & 0xFFFF_FFFF_FFFFL) | ((long) (flags & 0xFF) << 48) | ((long) status.ordinal() << 56)
                | ((long) method.ordinal() << 58) | (1L << 62);
    }

    /** {@link #pack(long, ValueStatus, int, Method)} with {@link Method#MEASURED}. */
    public static long pack(long units, ValueStatus status, int flags) {
        return pack(units, status, flags, Method.MEASURED);
    }

    public static Method method(long packed) {
        return Method.ofOrdinal((int) (packed >>> 58) & 0x7);
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
