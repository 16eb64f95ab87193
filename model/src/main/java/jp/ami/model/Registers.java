package jp.ami.model;

/** Cumulative-register arithmetic: deltas with rollover at 10^digits (ECHONET Lite 0xD7 effective digits). */
public final class Registers {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Registers() {
    }

    /** 10^digits, the value at which a register with {@code digits} effective digits wraps to 0. */
    public static long modulus(int digits) {
        if (digits < 1 || digits > 10) {
            throw new InvalidValueException("effectiveDigits", digits, "must be 1–10");
        }
        return POW10[digits];
    }

    /** {@code (current − previous) mod 10^digits}: the steps the register advanced, counting one wrap. */
    public static long delta(long previous, long current, int digits) {
        return Math.floorMod(current - previous, modulus(digits));
    }
}
