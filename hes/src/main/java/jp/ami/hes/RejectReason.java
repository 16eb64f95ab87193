package jp.ami.hes;

/** Why a batch or a frame was rejected; each reason is counted in {@link IngestStats}. */
public enum RejectReason {
    /** The batch structure is broken (magic, version, path, count, entry lengths, size); nothing in it is used. */
    MALFORMED_BATCH,
    /** The envelope is too short or its length does not match its payload length. */
    MALFORMED_ENVELOPE,
    /** The envelope version is not supported. */
    BAD_VERSION,
    /** The envelope declares a payload over 1024 bytes. */
    PAYLOAD_TOO_LARGE,
    /** The meter ID is not in the meter directory. */
    UNKNOWN_METER,
    /** The frame counter is older than the meter's replay window: a replayed frame, or one too late to tell apart. */
    STALE_COUNTER,
    /** AES-GCM authentication failed: tampered, spoofed or wrongly keyed. */
    BAD_TAG,
    /** The decrypted payload is not a valid 30-minute ECHONET Lite reading. */
    BAD_PAYLOAD,
    /**
     * The decrypted payload is a bulk history answer (EPC 0xE2) that is not valid: 0xE2 not 194 bytes, a day over 99
     * days ago, a register out of range, the current date 0x98 missing or invalid.
     */
    BAD_HISTORY,
    /**
     * The reading is stamped more than 32 slots (16 h) before the head-end's clock, or its boundary is older than the
     * meter's boundary window: a replayed recording, or too late to journal exactly once.
     */
    TOO_OLD;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
