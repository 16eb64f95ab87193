package jp.ami.protocol.batch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Objects;
import jp.ami.model.CommPath;
import jp.ami.protocol.envelope.Envelope;
import jp.ami.protocol.envelope.EnvelopeSealer;

/**
 * Builds one {@link BatchFrame} at a time into a {@link ByteBuf} or {@link ByteBuffer}; reusable.
 *
 * <pre>
 * 'A' 'B' | version | path | sourceId u32 | batchSeq u64 | count u16 | count × { length u16 | envelope }
 * </pre>
 *
 * <pre>{@code
 * BatchWriter w = new BatchWriter();
 * w.begin(buf, CommPath.PLC, concentratorId, seq);
 * while (more && w.addSealed(sealer, meterId, counter, plaintext)) { ... }
 * int frameLength = w.finish();
 * }</pre>
 *
 * The {@code add} methods return false, writing nothing, when the envelope would break the
 * {@value BatchFrame#MAX_ENVELOPES}-envelope or {@value BatchFrame#MAX_BYTES}-byte limit or does not fit the
 * destination; the caller then finishes this batch and begins another. Not thread-safe.
 */
public final class BatchWriter {
    private ByteBuf dst;
    private ByteBuffer nioDst;
    private int start;
    private int count;
    private boolean open;

    /** Begins a batch at {@code dst.writerIndex()}. */
    public BatchWriter begin(ByteBuf dst, CommPath path, long sourceId, long batchSeq) {
        Objects.requireNonNull(path, "path");
        if (sourceId < 0 || sourceId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sourceId must fit in u32: " + sourceId);
        }
        if (dst.maxWritableBytes() < BatchFrame.HEADER_LENGTH) {
            throw new IndexOutOfBoundsException("no room for the batch header");
        }
        this.dst = dst;
        this.nioDst = null;
        this.start = dst.writerIndex();
        this.count = 0;
        this.open = true;
        dst.writeByte(BatchFrame.MAGIC_0).writeByte(BatchFrame.MAGIC_1).writeByte(BatchFrame.VERSION)
                .writeByte(path.code()).writeInt((int) sourceId).writeLong(batchSeq).writeShort(0);
        return this;
    }

    /** Begins a batch at {@code dst.position()}; the position is advanced by {@link #finish()}. */
    public BatchWriter begin(ByteBuffer dst, CommPath path, long sourceId, long batchSeq) {
        ByteBuf wrapped = Unpooled.wrappedBuffer(dst).clear();
        begin(wrapped, path, sourceId, batchSeq);
        this.nioDst = dst;
        return this;
    }

    public boolean add(byte[] envelope) {
        return add(envelope, 0, envelope.length);
    }

    public boolean add(byte[] envelope, int offset, int length) {
        if (!room(length)) {
            return false;
        }
        dst.writeShort(length).writeBytes(envelope, offset, length);
        count++;
        return true;
    }

    /** Adds the remaining bytes of {@code envelope} (its position is not changed). */
    public boolean add(ByteBuffer envelope) {
        int length = envelope.remaining();
        if (!room(length)) {
            return false;
        }
        dst.writeShort(length).writeBytes(envelope.duplicate());
        count++;
        return true;
    }

    /** Adds the readable bytes of {@code envelope} (its reader index is not changed). */
    public boolean add(ByteBuf envelope) {
        int length = envelope.readableBytes();
        if (!room(length)) {
            return false;
        }
        dst.writeShort(length).writeBytes(envelope, envelope.readerIndex(), length);
        count++;
        return true;
    }

    /** Seals {@code plaintext} (consumed on success) straight into the batch, without an intermediate copy. */
    public boolean addSealed(EnvelopeSealer sealer, long meterId, long frameCounter, ByteBuffer plaintext) {
        int length = Envelope.sealedLength(plaintext.remaining());
        if (!room(length)) {
            return false;
        }
        dst.writeShort(length);
        sealer.seal(meterId, frameCounter, plaintext, dst);
        count++;
        return true;
    }

    /** Envelopes added so far. */
    public int count() {
        return count;
    }

    /** Bytes written so far, header included. */
    public int size() {
        return dst.writerIndex() - start;
    }

    /** Whether an envelope of {@code envelopeLength} bytes still fits. */
    public boolean room(int envelopeLength) {
        if (!open) {
            throw new IllegalStateException("begin() first");
        }
        int need = 2 + envelopeLength;
        return envelopeLength <= 0xFFFF && count < BatchFrame.MAX_ENVELOPES
                && size() + need <= BatchFrame.MAX_BYTES && dst.maxWritableBytes() >= need;
    }

    /** Writes the count and returns the frame length; a ByteBuffer destination's position is advanced past it. */
    public int finish() {
        if (!open) {
            throw new IllegalStateException("begin() first");
        }
        open = false;
        dst.setShort(start + BatchFrame.OFFSET_COUNT, count);
        int length = dst.writerIndex() - start;
        if (nioDst != null) {
            nioDst.position(nioDst.position() + length);
            nioDst = null;
        }
        dst = null;
        return length;
    }
}
