package jp.ami.mdms.usage;

/**
 * How a period's total of 30-minute values compares with the difference of the registers at its two ends (our
 * element {@code JP06428} in the notices). A mismatch is reported, never corrected: the values stay as issued.
 */
public enum RegisterCheck {
    /** Both registers known, no value missing, and the total equals the register difference exactly. */
    MATCHES("0"),
    /** Both registers known and the total differs from their difference (missing values, VEE-rejected deltas). */
    MISMATCH("1"),
    /** A register at either end is unknown (no reading at that 00:00 by its cut-off): nothing to compare with. */
    UNVERIFIABLE("2");

    private final String code;

    RegisterCheck(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
