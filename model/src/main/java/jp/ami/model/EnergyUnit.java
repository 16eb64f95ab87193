package jp.ami.model;

/**
 * The unit of a meter's cumulative register, ECHONET Lite property 0xE1 of class 0x0288.
 * kWh = register × unit × coefficient; {@link #toUnits} does it exactly in 0.0001 kWh ({@link Kwh} units).
 */
public enum EnergyUnit implements Coded {
    KWH_1(0x00, 10_000L),
    KWH_0_1(0x01, 1_000L),
    KWH_0_01(0x02, 100L),
    KWH_0_001(0x03, 10L),
    KWH_0_0001(0x04, 1L),
    KWH_10(0x0A, 100_000L),
    KWH_100(0x0B, 1_000_000L),
    KWH_1000(0x0C, 10_000_000L),
    KWH_10000(0x0D, 100_000_000L);

    private static final CodeTable<EnergyUnit> CODES = CodeTable.of(EnergyUnit.class);

    private final int code;
    private final long unitsPerStep;

    EnergyUnit(int code, long unitsPerStep) {
        this.code = code;
        this.unitsPerStep = unitsPerStep;
    }

    /** The 0xE1 code byte. */
    @Override
    public int code() {
        return code;
    }

    /** How many 0.0001 kWh one register step is worth (before the coefficient). */
    public long unitsPerStep() {
        return unitsPerStep;
    }

    /** True when {@code code} is a defined 0xE1 value. */
    public static boolean isValidCode(int code) {
        return CODES.contains(code);
    }

    public static EnergyUnit ofCode(int code) {
        EnergyUnit unit = CODES.find(code);
        if (unit == null) {
            throw new InvalidValueException("unit", String.format("0x%02X", code), "is not a defined 0xE1 unit code");
        }
        return unit;
    }

    /** {@code registerSteps × unit × coefficient} in 0.0001 kWh, exact; throws {@link ArithmeticException} on overflow. */
    public long toUnits(long registerSteps, long coefficient) {
        return Math.multiplyExact(Math.multiplyExact(registerSteps, coefficient), unitsPerStep);
    }
}
