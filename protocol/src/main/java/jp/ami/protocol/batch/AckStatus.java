package jp.ami.protocol.batch;

import jp.ami.model.CodeTable;
import jp.ami.model.Coded;

/** Status byte of an {@link AckFrame}. */
public enum AckStatus implements Coded {
    /** Every accepted frame of the batch is durably journaled; the sender may forget the batch. */
    JOURNALED(0),
    /** The batch structure is broken; nothing was journaled; resending the same bytes will not help. */
    MALFORMED_BATCH(1),
    /** The head-end is overloaded; nothing was journaled; resend later. */
    OVERLOADED_RETRY(2);

    private static final CodeTable<AckStatus> CODES = CodeTable.of(AckStatus.class);
    private final int code;

    AckStatus(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** The status for {@code code}, or null when undefined. */
    public static AckStatus ofCode(int code) {
        return CODES.find(code);
    }
}
