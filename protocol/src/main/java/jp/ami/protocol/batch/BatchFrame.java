package jp.ami.protocol.batch;

/**
 * The batch frame concentrators, relays and border routers send to the head-end (our own design), and
 * its limits. All integers big-endian.
 *
 * <pre>
 * offset 0   magic 'A' 'B' (0x41 0x42)
 *        2   version u8 (= 1)
 *        3   path u8 (CommPath code: 1 Wi-SUN, 2 PLC, 3 relay)
 *        4   sourceId u32 (the concentrator / relay / border router)
 *        8   batchSeq u64 (per source)
 *       16   count u16 (≤ 2048)
 *       18   count × { length u16 | envelope [length] }
 * </pre>
 *
 * A whole batch is at most 512 KiB. On TCP each frame is preceded by a u32 length ({@link TcpFraming}); on CoAP
 * it is the payload of a POST to {@code /batch}. The head-end answers with an {@link AckFrame}.
 */
public final class BatchFrame {
    public static final int MAGIC_0 = 'A';
    public static final int MAGIC_1 = 'B';
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 18;
    public static final int MAX_ENVELOPES = 2048;
    public static final int MAX_BYTES = 512 * 1024;

    public static final int OFFSET_VERSION = 2;
    public static final int OFFSET_PATH = 3;
    public static final int OFFSET_SOURCE_ID = 4;
    public static final int OFFSET_BATCH_SEQ = 8;
    public static final int OFFSET_COUNT = 16;

    private BatchFrame() {
    }
}
