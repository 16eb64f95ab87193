package jp.ami.protocol.envelope;

/**
 * Our A-route envelope (our own design): one ECHONET Lite frame, encrypted and authenticated with
 * AES-128-GCM under a per-meter key ({@link MeterKeys}).
 *
 * <pre>
 * offset 0        version u8 (= 1)
 *        1        meterId u64, big-endian
 *        9        frameCounter u32 (strictly increasing per meter)
 *       13        payloadLength u16 (ciphertext length, tag excluded; at most 1024)
 *       15        ciphertext [payloadLength]
 *       15 + len  tag [16]
 *
 * AAD   = bytes 0..14 (the header)
 * nonce = meterId u64 BE ‖ frameCounter u32 BE (12 bytes)
 * </pre>
 */
public final class Envelope {
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 15;
    public static final int TAG_LENGTH = 16;
    public static final int NONCE_LENGTH = 12;
    public static final int MAX_PAYLOAD = 1024;
    /** Largest valid envelope: header + 1024 + tag. */
    public static final int MAX_LENGTH = HEADER_LENGTH + MAX_PAYLOAD + TAG_LENGTH;

    public static final int OFFSET_VERSION = 0;
    public static final int OFFSET_METER_ID = 1;
    public static final int OFFSET_FRAME_COUNTER = 9;
    public static final int OFFSET_PAYLOAD_LENGTH = 13;

    private Envelope() {
    }

    /** Total envelope length for a plaintext of {@code payloadLength} bytes. */
    public static int sealedLength(int payloadLength) {
        return HEADER_LENGTH + payloadLength + TAG_LENGTH;
    }
}
