package jp.ami.protocol.batch;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import jp.ami.model.CommPath;

/**
 * A reusable flyweight over one {@link BatchFrame}. {@link #of} validates the header and walks every entry
 * length (so a structurally broken batch is rejected before any envelope is touched); then {@link #next()}
 * steps through the envelopes, exposed as an absolute offset and length into {@link #buffer()}.
 *
 * <pre>
 * 'A' 'B' | version | path | sourceId u32 | batchSeq u64 | count u16 | count × { length u16 | envelope }
 * </pre>
 *
 * <pre>{@code
 * BatchReader reader = new BatchReader();
 * if (reader.of(frame) == BatchResult.OK) {
 *     while (reader.next()) {
 *         opener.parseHeader(reader.buffer(), reader.envelopeOffset(), reader.envelopeLength());
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe; the buffer's position and limit are never changed.
 */
public final class BatchReader {
    private ByteBuffer buffer;
    private int start;
    private int end;
    private CommPath path;
    private long sourceId;
    private long batchSeq;
    private int count;
    private int index;
    private int cursor;
    private int envelopeOffset;
    private int envelopeLength;

    /** Points at the frame between {@code frame.position()} and {@code frame.limit()}. */
    public BatchResult of(ByteBuffer frame) {
        return of(frame, frame.position(), frame.remaining());
    }

    /** Points at the readable bytes of {@code frame}; the ByteBuf must stay valid while reading. */
    public BatchResult of(ByteBuf frame) {
        return of(frame.nioBuffer(frame.readerIndex(), frame.readableBytes()));
    }

    /** Points at {@code length} bytes of {@code frame} starting at absolute index {@code offset}. */
    public BatchResult of(ByteBuffer frame, int offset, int length) {
        buffer = frame;
        start = offset;
        end = offset + length;
        count = 0;
        index = 0;
        path = null;
        sourceId = 0;
        batchSeq = 0;
        envelopeOffset = -1;
        envelopeLength = 0;
        if (length < 2) {
            return BatchResult.TRUNCATED;
        }
        if (frame.get(offset) != BatchFrame.MAGIC_0 || frame.get(offset + 1) != BatchFrame.MAGIC_1) {
            return BatchResult.BAD_MAGIC;
        }
        if (length < BatchFrame.HEADER_LENGTH) {
            return BatchResult.TRUNCATED;
        }
        if (length > BatchFrame.MAX_BYTES) {
            return BatchResult.TOO_LARGE;
        }
        if ((frame.get(offset + BatchFrame.OFFSET_VERSION) & 0xFF) != BatchFrame.VERSION) {
            return BatchResult.BAD_VERSION;
        }
        int pathCode = frame.get(offset + BatchFrame.OFFSET_PATH) & 0xFF;
        if (pathCode < 1 || pathCode > 3) {
            return BatchResult.BAD_PATH;
        }
        // header fields are readable even when the body turns out broken (for the ack's batchSeq)
        sourceId = frame.getInt(offset + BatchFrame.OFFSET_SOURCE_ID) & 0xFFFF_FFFFL;
        batchSeq = frame.getLong(offset + BatchFrame.OFFSET_BATCH_SEQ);
        int n = frame.getShort(offset + BatchFrame.OFFSET_COUNT) & 0xFFFF;
        if (n > BatchFrame.MAX_ENVELOPES) {
            return BatchResult.TOO_MANY_ENVELOPES;
        }
        int p = offset + BatchFrame.HEADER_LENGTH;
        for (int i = 0; i < n; i++) {
            if (p + 2 > end) {
                return BatchResult.TRUNCATED;
            }
            int len = frame.getShort(p) & 0xFFFF;
            p += 2 + len;
            if (p > end) {
                return BatchResult.TRUNCATED;
            }
        }
        if (p != end) {
            return BatchResult.TRAILING_BYTES;
        }
        path = CommPath.ofCode(pathCode);
        count = n;
        cursor = offset + BatchFrame.HEADER_LENGTH;
        return BatchResult.OK;
    }

    /** Advances to the next envelope; false when there is none (or {@link #of} did not return OK). */
    public boolean next() {
        if (index >= count) {
            return false;
        }
        envelopeLength = buffer.getShort(cursor) & 0xFFFF;
        envelopeOffset = cursor + 2;
        cursor = envelopeOffset + envelopeLength;
        index++;
        return true;
    }

    /** The buffer the envelope offsets refer to. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the current envelope in {@link #buffer()}. */
    public int envelopeOffset() {
        return envelopeOffset;
    }

    public int envelopeLength() {
        return envelopeLength;
    }

    /** Zero-based index of the current envelope + 1 (the number of envelopes visited so far). */
    public int visited() {
        return index;
    }

    /** Null unless {@link #of} returned OK. */
    public CommPath path() {
        return path;
    }

    public long sourceId() {
        return sourceId;
    }

    /** The batch sequence number; also set when the body (not the header) turned out malformed. */
    public long batchSeq() {
        return batchSeq;
    }

    public int count() {
        return count;
    }

    /** Total frame length as given to {@link #of}. */
    public int frameLength() {
        return end - start;
    }
}
