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

    /** The configured JP06122 code. */
    public String code(MdmsConfig config) {
        return switch (this) {
            case PRESENT -> config.statusPresent();
            case ESTIMATED -> config.statusEstimated();
            case MISSING -> config.statusMissing();
        };
    }
}
