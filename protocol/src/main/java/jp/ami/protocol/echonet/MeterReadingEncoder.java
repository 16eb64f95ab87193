package jp.ami.protocol.echonet;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import jp.ami.model.InvalidValueException;

/**
 * Writes a meter's 30-minute INF (or Get_Res) frame from a {@link MeterReading}: SEOJ 0x028801, DEOJ 0x05FF01,
 * properties in the order 0xEA|0xEB, 0xD3 (only if {@link MeterReading#coefficientPresent()}), 0xD7, 0xE1.
 *
 * <pre>
 * 0    10 81 | TID u16 | 02 88 01 | 05 FF 01 | ESV | OPC (3 or 4)
 * 12   EA|EB 0B | year u16 | month | day | hour | minute | second | register u32
 * 25   D3 04 | coefficient u32        (optional)
 *      D7 01 | digits u8
 *      E1 01 | unit u8
 * </pre>
 *
 * {@value EchonetLite#READING_FRAME_LENGTH} bytes with 0xD3, 6 fewer without. Stateless and thread-safe.
 */
public final class MeterReadingEncoder {
    private MeterReadingEncoder() {
    }

    /** Bytes {@link #encode} will write for {@code r}. */
    public static int encodedLength(MeterReading r) {
        return r.coefficientPresent() ? EchonetLite.READING_FRAME_LENGTH : EchonetLite.READING_FRAME_LENGTH - 6;
    }

    /** Writes the frame at {@code dst.position()} and advances it; returns the bytes written. */
    public static int encode(MeterReading r, ByteBuffer dst) {
        check(r);
        int len = encodedLength(r);
        if (dst.remaining() < len) {
            throw new java.nio.BufferOverflowException();
        }
        long t = JstTime.toPackedJst(r.readingEpochSecond());
        FrameWriter.putMeterHeader(dst, r.tid());
        dst.put((byte) r.esv()).put((byte) (r.coefficientPresent() ? 4 : 3));
        dst.put((byte) r.direction().epc()).put((byte) EchonetLite.FIXED_TIME_LENGTH)
                .putShort((short) (t >>> 40)).put((byte) (t >>> 32)).put((byte) (t >>> 24))
                .put((byte) (t >>> 16)).put((byte) (t >>> 8)).put((byte) t)
                .putInt((int) r.register());
        FrameWriter.putRegisterFormat(dst, r.coefficientPresent(), r.coefficient(), r.digits(), r.unitCode());
        return len;
    }

    /** Writes the frame at {@code dst.writerIndex()}; returns the bytes written. */
    public static int encode(MeterReading r, ByteBuf dst) {
        int len = encodedLength(r);
        dst.ensureWritable(len);
        int w = dst.writerIndex();
        if (dst.nioBufferCount() == 1) {
            encode(r, dst.nioBuffer(w, len));
            dst.writerIndex(w + len);
        } else {
            dst.writeBytes(toBytes(r));
        }
        return len;
    }

    /** Length of a {@link #encodeGetSna Get_SNA} frame. */
    public static final int GET_SNA_LENGTH = EchonetLite.HEADER_LENGTH + 2;

    /**
     * Writes a Get_SNA (0x52) answer: the meter cannot supply the requested property {@code epc} (e.g. the
     * history for that boundary holds 0xFFFFFFFE "no data"). Per ECHONET Lite the property is listed with PDC 0.
     *
     * <pre>
     * 10 81 | TID u16 | 02 88 01 | 05 FF 01 | 52 | 01 | EPC | 00
     * </pre>
     */
    public static int encodeGetSna(int tid, int epc, ByteBuffer dst) {
        FrameWriter.putMeterHeader(dst, tid);
        dst.put((byte) EchonetLite.ESV_GET_SNA).put((byte) 1).put((byte) epc).put((byte) 0);
        return GET_SNA_LENGTH;
    }

    /** Convenience for tests and simulators: the frame as a new array. */
    public static byte[] toBytes(MeterReading r) {
        byte[] out = new byte[encodedLength(r)];
        encode(r, ByteBuffer.wrap(out));
        return out;
    }

    private static void check(MeterReading r) {
        if (r.register() < 0 || r.register() > 0xFFFF_FFFFL) {
            throw new InvalidValueException("register", r.register(), "must fit in u32");
        }
        if (r.coefficient() < 1 || r.coefficient() > 0xFFFF_FFFFL) {
            throw new InvalidValueException("coefficient", r.coefficient(), "must be 1–4294967295");
        }
        if (r.digits() < 1 || r.digits() > 10) {
            throw new InvalidValueException("digits", r.digits(), "must be 1–10");
        }
        if (r.unitCode() < 0 || r.unitCode() > 0xFF) {
            throw new InvalidValueException("unitCode", r.unitCode(), "must be a u8");
        }
        if (r.tid() < 0 || r.tid() > 0xFFFF) {
            throw new InvalidValueException("tid", r.tid(), "must be a u16");
        }
    }
}
