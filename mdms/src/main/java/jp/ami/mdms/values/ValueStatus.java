package jp.ami.mdms.values;

import jp.ami.mdms.MdmsConfig;

/** Status of a 30-minute value. The code written to files and QuestDB comes from {@link MdmsConfig}. */
public enum ValueStatus {
    /** Both boundary readings present: a measured value. */
    PRESENT,
    /** Filled in by estimation (VEE, later issue). */
    ESTIMATED,
    /** At least one boundary reading missing: no value. */
    MISSING;

    private static final ValueStatus[] VALUES = values();

    public static ValueStatus ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** Number of JP06122 codes: one per status, and {@link #CODE_ESTIMATED_AT_CUTOFF}. */
    public static final int CODES = 4;
    /** Index of the code of a value estimated at the cut-off ({@link Vee#CUTOFF}) in {@link #codes}. */
    public static final int CODE_ESTIMATED_AT_CUTOFF = 3;

    /**
     * The configured JP06122 codes by {@link #codeIndex}: present, estimated, missing, estimated at the cut-off.
     */
    public static String[] codes(MdmsConfig config) {
        return new String[]{config.statusPresent(), config.statusEstimated(), config.statusMissing(),
                config.statusEstimatedAtCutoff()};
    }

    /**
     * A copy of {@code statusCodes}, checked to hold {@value #CODES} codes by {@link #codeIndex}, as a store keeps
     * them; {@link IllegalArgumentException} otherwise.
     */
    public static String[] checkedCodes(String[] statusCodes) {
        if (statusCodes.length != CODES) {
            throw new IllegalArgumentException("statusCodes: " + CODES + " codes by ValueStatus.codeIndex, got " + statusCodes.length);
        }
        return statusCodes.clone();
    }

    /** Index in {@link #codes} of a value of status {@code s} with VEE flags {@code flags}. */
    public static int codeIndex(ValueStatus s, int flags) {
        return s == ESTIMATED && (flags & Vee.CUTOFF) != 0 ? CODE_ESTIMATED_AT_CUTOFF : s.ordinal();
    }

    /** Index in {@link #codes} of a {@link Vee#pack packed} value; an unset value is missing. */
    public static int codeIndex(long packed) {
        return Vee.isSet(packed) ? codeIndex(Vee.status(packed), Vee.flags(packed)) : MISSING.ordinal();
    }
}
