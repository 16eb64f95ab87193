package jp.ami.model;

/**
 * Exact energy in kWh, held as a {@code long} count of 0.0001 kWh (0.1 Wh) — the resolution of the business
 * protocol's value field. Never a {@code double}. Hot paths use the raw {@code long}; this class formats,
 * parses and adds with overflow checks.
 */
public final class Kwh implements Comparable<Kwh> {
    /** Scale: raw units per kWh. */
    public static final long SCALE = 10_000L;
    public static final Kwh ZERO = new Kwh(0);

    private final long units;

    private Kwh(long units) {
        this.units = units;
    }

    /** From a count of 0.0001 kWh. */
    public static Kwh ofUnits(long units) {
        return units == 0 ? ZERO : new Kwh(units);
    }

    /** Parses {@code "12.3456"}, {@code "-0.5"} or {@code "7"}; more than 4 decimals is an error. */
    public static Kwh parse(String text) {
        return ofUnits(parseUnits(text));
    }

    /** Parses a decimal kWh string into 0.0001 kWh units, exactly. */
    public static long parseUnits(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidValueException("kwh", text, "is not a decimal number");
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        long whole = 0;
        long frac = 0;
        int fracDigits = -1;
        int digits = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && fracDigits < 0) {
                fracDigits = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                throw new InvalidValueException("kwh", text, "is not a decimal number");
            }
            digits++;
            if (fracDigits < 0) {
                whole = Math.addExact(Math.multiplyExact(whole, 10), c - '0');
            } else {
                if (++fracDigits > 4) {
                    throw new InvalidValueException("kwh", text, "has more than 4 decimal places");
                }
                frac = frac * 10 + (c - '0');
            }
        }
        if (digits == 0) {
            throw new InvalidValueException("kwh", text, "is not a decimal number");
        }
        for (int f = Math.max(fracDigits, 0); f < 4; f++) {
            frac *= 10;
        }
        long units = Math.addExact(Math.multiplyExact(whole, SCALE), frac);
        return negative ? -units : units;
    }

    public long units() {
        return units;
    }

    public Kwh plus(Kwh other) {
        return ofUnits(Math.addExact(units, other.units));
    }

    /** Plain decimal with exactly 4 places: {@code 0.1520}, {@code -3.0000}. */
    @Override
    public String toString() {
        return format(units);
    }

    /** Formats raw 0.0001 kWh units as a plain decimal with exactly 4 places. */
    public static String format(long units) {
        StringBuilder sb = new StringBuilder(24);
        appendTo(sb, units);
        return sb.toString();
    }

    /** Appends raw units as a plain decimal with exactly 4 places, without intermediate strings. */
    public static void appendTo(StringBuilder sb, long units) {
        if (units < 0) {
            sb.append('-');
            if (units == Long.MIN_VALUE) {
                throw new ArithmeticException("kWh value out of range");
            }
            units = -units;
        }
        sb.append(units / SCALE).append('.');
        long frac = units % SCALE;
        if (frac < 1000) {
            sb.append('0');
        }
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kwh k && k.units == units;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(units);
    }

    @Override
    public int compareTo(Kwh o) {
        return Long.compare(units, o.units);
    }
}
