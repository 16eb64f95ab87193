package jp.ami.protocol.batch;

/** Status byte of an {@link AckFrame}. */
public enum AckStatus {
    /** Every accepted frame of the batch is durably journaled; the sender may forget the batch. */
    JOURNALED(0),
    /** The batch structure is broken; nothing was journaled; resending the same bytes will not help. */
    MALFORMED_BATCH(1),
    /** The head-end is overloaded; nothing was journaled; resend later. */
    OVERLOADED_RETRY(2);

    private final int code;

    AckStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status for {@code code}, or null when undefined. */
    public static AckStatus ofCode(int code) {
        return switch (code) {
            case 0 -> JOURNALED;
            case 1 -> MALFORMED_BATCH;
            case 2 -> OVERLOADED_RETRY;
            default -> null;
        };
    }
}
