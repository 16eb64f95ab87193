package jp.ami.protocol.echonet;

import java.nio.ByteBuffer;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Registers;

/**
 * The meter's answer to a bulk history pull: one Get_Res (0x72) frame carrying a whole day of 0xE2 cumulative
 * readings, anchored by the meter's current date 0x98. All integers big-endian.
 *
 * <pre>
 * 0    10 81 | TID u16 | 02 88 01 | 05 FF 01 | 72 | OPC (5, or 4 without 0xD3)
 * 12   98 04 | year u16 | month | day               meter's current date (JST)
 * 18   E2 C2 | day u16 (days ago, 0–99) | 48 × register u32   (00:00, 00:30 … 23:30; FFFFFFFE = no data)
 * 214  D3 04 | coefficient u32                        (optional)
 *      D7 01 | digits u8
 *      E1 01 | unit u8
 * </pre>
 *
 * {@value #FRAME_LENGTH} bytes with 0xD3. Decoding is strict and returns a {@link DecodeResult}, never throws:
 * 0xE2 with a PDC other than 194 is {@link DecodeResult#BAD_HISTORY_LENGTH}, a day over 99
 * {@link DecodeResult#BAD_HISTORY_DAY}, a value not below 10^digits (other than "no data")
 * {@link DecodeResult#REGISTER_OUT_OF_RANGE}; 0x98, 0xD7 and 0xE1 are required. Stateless and thread-safe.
 */
public final class HistoryDayCodec {
    public static final int FRAME_LENGTH = EchonetLite.HEADER_LENGTH + (2 + 4) + (2 + EchonetLite.HISTORY_LENGTH)
            + (2 + 4) + (2 + 1) + (2 + 1);

    private HistoryDayCodec() {
    }

    public static int encodedLength(HistoryDay h) {
        return h.coefficientPresent() ? FRAME_LENGTH : FRAME_LENGTH - 6;
    }

    /** Writes the frame at {@code dst.position()} and advances it; returns the bytes written. */
    public static int encode(HistoryDay h, ByteBuffer dst) {
        if (h.daysAgo() < 0 || h.daysAgo() > EchonetLite.HISTORY_MAX_DAY) {
            throw new InvalidValueException("historyDay", h.daysAgo(), "must be 0–" + EchonetLite.HISTORY_MAX_DAY);
        }
        int len = encodedLength(h);
        long date = JstTime.toPackedJst(h.currentDayStartEpochSecond());
        FrameWriter.putMeterHeader(dst, h.tid());
        dst.put((byte) EchonetLite.ESV_GET_RES).put((byte) (h.coefficientPresent() ? 5 : 4));
        dst.put((byte) EchonetLite.EPC_CURRENT_DATE).put((byte) 4)
                .putShort((short) (date >>> 40)).put((byte) (date >>> 32)).put((byte) (date >>> 24));
        dst.put((byte) EchonetLite.EPC_HISTORY).put((byte) EchonetLite.HISTORY_LENGTH).putShort((short) h.daysAgo());
        for (long v : h.values()) {
            dst.putInt((int) v);
        }
        FrameWriter.putRegisterFormat(dst, h.coefficientPresent(), h.coefficient(), h.digits(), h.unitCode());
        return len;
    }

    /** Whether the frame between position and limit lists a 0xE2 property (a history answer); indices unchanged. */
    public static boolean carriesHistory(ByteBuffer src) {
        int p = src.position();
        int end = src.limit();
        if (end - p < EchonetLite.HEADER_LENGTH) {
            return false;
        }
        int opc = src.get(p + 11) & 0xFF;
        p += EchonetLite.HEADER_LENGTH;
        for (int i = 0; i < opc && p + 2 <= end; i++) {
            if ((src.get(p) & 0xFF) == EchonetLite.EPC_HISTORY) {
                return true;
            }
            p += 2 + (src.get(p + 1) & 0xFF);
        }
        return false;
    }

    /** Decodes the frame between {@code src.position()} and {@code src.limit()} into {@code out}; indices unchanged. */
    public static DecodeResult decode(ByteBuffer src, HistoryDay out) {
        PropertyWalker w = out.walker();
        DecodeResult r = w.start(src, src.position(), src.remaining());
        if (r != DecodeResult.OK) {
            return r;
        }
        if (w.esv() != EchonetLite.ESV_GET_RES) {
            return DecodeResult.UNSUPPORTED_ESV;
        }
        int history = -1;
        int date = -1;
        while (w.hasNext()) {
            r = w.next();
            if (r != DecodeResult.OK) {
                return r;
            }
            switch (w.epc()) {
                case EchonetLite.EPC_HISTORY -> {
                    if (w.pdc() != EchonetLite.HISTORY_LENGTH || history >= 0) {
                        return DecodeResult.BAD_HISTORY_LENGTH;
                    }
                    history = w.edt();
                }
                case EchonetLite.EPC_CURRENT_DATE -> {
                    if (w.pdc() != 4 || date >= 0) {
                        return DecodeResult.BAD_PROPERTY;
                    }
                    date = w.edt();
                }
                case EchonetLite.EPC_FIXED_TIME_NORMAL, EchonetLite.EPC_FIXED_TIME_REVERSE -> {
                    return DecodeResult.BAD_PROPERTY; // a history answer carries no 30-minute reading
                }
                default -> {
                    // a scaling property (kept by the walker) or not ours
                }
            }
        }
        if ((r = w.finish(history >= 0, date >= 0)) != DecodeResult.OK) {
            return r;
        }
        int year = src.getShort(date) & 0xFFFF;
        int month = src.get(date + 2) & 0xFF;
        int day = src.get(date + 3) & 0xFF;
        if (!JstTime.isValid(year, month, day, 0, 0, 0)) {
            return DecodeResult.BAD_DATETIME;
        }
        int daysAgo = src.getShort(history) & 0xFFFF;
        if (daysAgo > EchonetLite.HISTORY_MAX_DAY) {
            return DecodeResult.BAD_HISTORY_DAY;
        }
        long modulus = Registers.modulus(w.digits());
        long[] values = out.values();
        for (int k = 0; k < HistoryDay.VALUES; k++) {
            long v = src.getInt(history + 2 + 4 * k) & 0xFFFF_FFFFL;
            if (v != EchonetLite.HISTORY_NO_DATA && v >= modulus) {
                return DecodeResult.REGISTER_OUT_OF_RANGE;
            }
            values[k] = v;
        }
        out.decoded(w.tid(), JstTime.toEpochSecond(year, month, day, 0, 0, 0), daysAgo, w.coefficient(),
                w.coefficientPresent(), w.digits(), w.unit());
        return DecodeResult.OK;
    }
}
