package jp.ami.protocol.batch;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Objects;
import jp.ami.model.InvalidValueException;

/**
 * The head-end's answer to one batch (our own design), 18 bytes, big-endian:
 *
 * <pre>
 * offset 0   magic 'A' 'K' (0x41 0x4B)
 *        2   version u8 (= 1)
 *        3   status u8 (0 JOURNALED, 1 MALFORMED_BATCH, 2 OVERLOADED_RETRY)
 *        4   batchSeq u64 (echoed; 0 when the batch header was unreadable)
 *       12   accepted u16    frames journaled
 *       14   duplicates u16  frames already journaled earlier (dropped, not an error)
 *       16   rejected u16    frames rejected (bad tag, unknown meter, malformed ...)
 * </pre>
 */
public record AckFrame(AckStatus status, long batchSeq, int accepted, int duplicates, int rejected) {
    public static final int MAGIC_0 = 'A';
    public static final int MAGIC_1 = 'K';
    public static final int VERSION = 1;
    public static final int LENGTH = 18;

    public AckFrame {
        Objects.requireNonNull(status, "status");
        checkU16("accepted", accepted);
        checkU16("duplicates", duplicates);
        checkU16("rejected", rejected);
    }

    public static AckFrame journaled(long batchSeq, int accepted, int duplicates, int rejected) {
        return new AckFrame(AckStatus.JOURNALED, batchSeq, accepted, duplicates, rejected);
    }

    public static AckFrame malformed(long batchSeq) {
        return new AckFrame(AckStatus.MALFORMED_BATCH, batchSeq, 0, 0, 0);
    }

    public static AckFrame overloaded(long batchSeq) {
        return new AckFrame(AckStatus.OVERLOADED_RETRY, batchSeq, 0, 0, 0);
    }

    public ByteBuf encode(ByteBuf dst) {
        return dst.writeByte(MAGIC_0).writeByte(MAGIC_1).writeByte(VERSION).writeByte(status.code())
                .writeLong(batchSeq).writeShort(accepted).writeShort(duplicates).writeShort(rejected);
    }

    public ByteBuffer encode(ByteBuffer dst) {
        return dst.put((byte) MAGIC_0).put((byte) MAGIC_1).put((byte) VERSION).put((byte) status.code())
                .putLong(batchSeq).putShort((short) accepted).putShort((short) duplicates).putShort((short) rejected);
    }

    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        encode(ByteBuffer.wrap(out));
        return out;
    }

    /** Decodes the remaining bytes of {@code src} (exactly {@value LENGTH}); position unchanged. */
    public static AckFrame decode(ByteBuffer src) {
        int p = src.position();
        if (src.remaining() != LENGTH) {
            throw new InvalidValueException("ackLength", src.remaining(), "must be " + LENGTH);
        }
        if (src.get(p) != MAGIC_0 || src.get(p + 1) != MAGIC_1) {
            throw new InvalidValueException("ackMagic", String.format("0x%02X%02X", src.get(p), src.get(p + 1)), "must be 'AK'");
        }
        if ((src.get(p + 2) & 0xFF) != VERSION) {
            throw new InvalidValueException("ackVersion", src.get(p + 2) & 0xFF, "must be " + VERSION);
        }
        AckStatus status = AckStatus.ofCode(src.get(p + 3) & 0xFF);
        if (status == null) {
            throw new InvalidValueException("ackStatus", src.get(p + 3) & 0xFF, "must be 0, 1 or 2");
        }
        return new AckFrame(status, src.getLong(p + 4), src.getShort(p + 12) & 0xFFFF,
                src.getShort(p + 14) & 0xFFFF, src.getShort(p + 16) & 0xFFFF);
    }

    public static AckFrame decode(byte[] src) {
        return decode(ByteBuffer.wrap(src));
    }

    /** Decodes the readable bytes of {@code src}; indices unchanged. */
    public static AckFrame decode(ByteBuf src) {
        return decode(src.nioBuffer(src.readerIndex(), src.readableBytes()));
    }

    private static void checkU16(String field, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new InvalidValueException(field, v, "must fit in u16");
        }
    }
}
