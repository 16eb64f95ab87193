package jp.ami.protocol.echonet;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import jp.ami.model.Registers;

/**
 * Decodes a meter's 30-minute ECHONET Lite frame into a reusable {@link MeterReading}, without allocating.
 * Failures are returned as {@link DecodeResult} values, never thrown.
 *
 * <pre>
 * 0    0x10 0x81 | TID u16 | SEOJ 0x02 0x88 nn | DEOJ 3B | ESV (0x73 INF / 0x72 Get_Res) | OPC
 * 12   OPC × { EPC | PDC | EDT }, any order; recognised:
 *        0xEA / 0xEB  PDC 11: year u16 | month | day | hour | minute | second (JST) | register u32
 *        0xD3         PDC 4:  coefficient u32 (optional, default 1)
 *        0xD7         PDC 1:  effective digits u8 (1–10, required)
 *        0xE1         PDC 1:  unit code u8 (required)
 *      other EPCs are skipped.
 * </pre>
 * The header, the property bounds and 0xD3/0xD7/0xE1 are checked by the target's {@link PropertyWalker}.
 *
 * Exactly one of 0xEA/0xEB must be present; the register must be below 10^digits. Stateless and thread-safe.
 */
public final class MeterReadingDecoder {
    private MeterReadingDecoder() {
    }

    /** Decodes the frame between {@code src.position()} and {@code src.limit()}; the buffer's indices are unchanged. */
    public static DecodeResult decode(ByteBuffer src, MeterReading out) {
        return decode(src, src.position(), src.remaining(), out);
    }

    /** Decodes the readable bytes of {@code src}; its indices are unchanged. */
    public static DecodeResult decode(ByteBuf src, MeterReading out) {
        return decode(src.nioBuffer(src.readerIndex(), src.readableBytes()), out);
    }

    /** Decodes {@code length} bytes of {@code src} starting at absolute index {@code offset}. */
    public static DecodeResult decode(ByteBuffer src, int offset, int length, MeterReading out) {
        PropertyWalker w = out.walker();
        DecodeResult r = w.start(src, offset, length);
        if (r != DecodeResult.OK) {
            return r;
        }
        int esv = w.esv();
        if (esv != EchonetLite.ESV_INF && esv != EchonetLite.ESV_GET_RES) {
            return DecodeResult.UNSUPPORTED_ESV;
        }
        int readingAt = -1;
        Direction direction = null;
        while (w.hasNext()) {
            r = w.next();
            if (r != DecodeResult.OK) {
                return r;
            }
            int epc = w.epc();
            if (epc == EchonetLite.EPC_FIXED_TIME_NORMAL || epc == EchonetLite.EPC_FIXED_TIME_REVERSE) {
                if (w.pdc() != EchonetLite.FIXED_TIME_LENGTH) {
                    return DecodeResult.BAD_PROPERTY;
                }
                if (readingAt >= 0) {
                    return DecodeResult.MISSING_READING;
                }
                readingAt = w.edt();
                direction = epc == EchonetLite.EPC_FIXED_TIME_NORMAL ? Direction.NORMAL : Direction.REVERSE;
            }
        }
        if ((r = w.finish(readingAt >= 0, true)) != DecodeResult.OK) {
            return r;
        }
        int year = src.getShort(readingAt) & 0xFFFF;
        int month = src.get(readingAt + 2) & 0xFF;
        int day = src.get(readingAt + 3) & 0xFF;
        int hour = src.get(readingAt + 4) & 0xFF;
        int minute = src.get(readingAt + 5) & 0xFF;
        int second = src.get(readingAt + 6) & 0xFF;
        if (!JstTime.isValid(year, month, day, hour, minute, second)) {
            return DecodeResult.BAD_DATETIME;
        }
        long register = src.getInt(readingAt + 7) & 0xFFFF_FFFFL;
        if (register >= Registers.modulus(w.digits())) {
            return DecodeResult.REGISTER_OUT_OF_RANGE;
        }
        out.decoded(w.tid(), esv, direction, JstTime.toEpochSecond(year, month, day, hour, minute, second), register,
                w.coefficient(), w.coefficientPresent(), w.digits(), w.unit());
        return DecodeResult.OK;
    }
}
