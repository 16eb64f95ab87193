package jp.ami.protocol.echonet;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import jp.ami.model.EnergyUnit;
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
        if (length < EchonetLite.HEADER_LENGTH) {
            return DecodeResult.TRUNCATED;
        }
        int p = offset;
        if ((src.get(p) & 0xFF) != EchonetLite.EHD1 || (src.get(p + 1) & 0xFF) != EchonetLite.EHD2) {
            return DecodeResult.BAD_HEADER;
        }
        int tid = src.getShort(p + 2) & 0xFFFF;
        int seojClass = ((src.get(p + 4) & 0xFF) << 8) | (src.get(p + 5) & 0xFF);
        if (seojClass != EchonetLite.CLASS_METER) {
            return DecodeResult.BAD_HEADER;
        }
        int esv = src.get(p + 10) & 0xFF;
        if (esv != EchonetLite.ESV_INF && esv != EchonetLite.ESV_GET_RES) {
            return DecodeResult.UNSUPPORTED_ESV;
        }
        int opc = src.get(p + 11) & 0xFF;
        int end = offset + length;
        p += EchonetLite.HEADER_LENGTH;

        int readingAt = -1;
        Direction direction = null;
        long coefficient = 1;
        boolean coefficientPresent = false;
        int digits = -1;
        int unit = -1;
        for (int i = 0; i < opc; i++) {
            if (p + 2 > end) {
                return DecodeResult.TRUNCATED;
            }
            int epc = src.get(p) & 0xFF;
            int pdc = src.get(p + 1) & 0xFF;
            int edt = p + 2;
            if (edt + pdc > end) {
                return DecodeResult.TRUNCATED;
            }
            switch (epc) {
                case EchonetLite.EPC_FIXED_TIME_NORMAL, EchonetLite.EPC_FIXED_TIME_REVERSE -> {
                    if (pdc != EchonetLite.FIXED_TIME_LENGTH) {
                        return DecodeResult.BAD_PROPERTY;
                    }
                    if (readingAt >= 0) {
                        return DecodeResult.MISSING_READING;
                    }
                    readingAt = edt;
                    direction = epc == EchonetLite.EPC_FIXED_TIME_NORMAL ? Direction.NORMAL : Direction.REVERSE;
                }
                case EchonetLite.EPC_COEFFICIENT -> {
                    if (pdc != 4 || coefficientPresent) {
                        return DecodeResult.BAD_PROPERTY;
                    }
                    coefficient = src.getInt(edt) & 0xFFFF_FFFFL;
                    if (coefficient == 0) {
                        return DecodeResult.BAD_PROPERTY;
                    }
                    coefficientPresent = true;
                }
                case EchonetLite.EPC_EFFECTIVE_DIGITS -> {
                    if (pdc != 1 || digits >= 0) {
                        return DecodeResult.BAD_PROPERTY;
                    }
                    digits = src.get(edt) & 0xFF;
                    if (digits < 1 || digits > 10) {
                        return DecodeResult.BAD_PROPERTY;
                    }
                }
                case EchonetLite.EPC_UNIT -> {
                    if (pdc != 1 || unit >= 0) {
                        return DecodeResult.BAD_PROPERTY;
                    }
                    unit = src.get(edt) & 0xFF;
                }
                default -> {
                    // not ours: skip
                }
            }
            p = edt + pdc;
        }
        if (p != end) {
            return DecodeResult.TRUNCATED;
        }
        if (readingAt < 0) {
            return DecodeResult.MISSING_READING;
        }
        if (digits < 0 || unit < 0) {
            return DecodeResult.MISSING_PROPERTY;
        }
        if (!EnergyUnit.isValidCode(unit)) {
            return DecodeResult.BAD_UNIT;
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
        if (register >= Registers.modulus(digits)) {
            return DecodeResult.REGISTER_OUT_OF_RANGE;
        }
        out.decoded(tid, esv, direction, JstTime.toEpochSecond(year, month, day, hour, minute, second), register,
                coefficient, coefficientPresent, digits, unit);
        return DecodeResult.OK;
    }
}
