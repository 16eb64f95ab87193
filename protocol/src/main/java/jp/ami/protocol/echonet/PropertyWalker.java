package jp.ami.protocol.echonet;

import java.nio.ByteBuffer;
import jp.ami.model.EnergyUnit;

/**
 * Walks the properties of one meter-class (0x0288) ECHONET Lite frame for the decoders: checks the header,
 * bounds-checks every property and keeps the register-scaling properties itself, so a decoder only handles the
 * properties of its own answer (0xEA/0xEB, 0x98/0xE2) and the order of its checks. All integers big-endian.
 *
 * <pre>
 * 0    0x10 0x81 | TID u16 | SEOJ 0x02 0x88 nn | DEOJ 3B | ESV | OPC
 * 12   OPC × { EPC u8 | PDC u8 | EDT (PDC bytes) }, any order; kept here, each at most once:
 *        0xD3  PDC 4: coefficient u32, non-zero (optional, default 1)
 *        0xD7  PDC 1: effective digits u8, 1–10 (required)
 *        0xE1  PDC 1: unit code u8 (required, a defined {@link EnergyUnit} code)
 * </pre>
 *
 * A malformed or repeated scaling property is {@link DecodeResult#BAD_PROPERTY}; a property running past the
 * frame, or bytes after the last one, {@link DecodeResult#TRUNCATED}. Reused from frame to frame without
 * allocating: each decode target owns one, so it is as thread-safe as its target (not at all).
 *
 * <p>Use: {@link #start}; then while {@link #hasNext}: {@link #next} and look at {@link #epc} / {@link #pdc} /
 * {@link #edt}; then {@link #finish}.
 */
final class PropertyWalker {
    private ByteBuffer src;
    private int end;
    private int left;
    private int p;
    private int tid;
    private int esv;
    private int epc;
    private int pdc;
    private int edt;
    private long coefficient;
    private boolean coefficientPresent;
    private int digits;
    private int unit;

    /**
     * Starts on the {@code length} bytes of {@code src} from absolute index {@code offset} (the buffer's indices are
     * not used or changed): {@link DecodeResult#TRUNCATED} shorter than a header, {@link DecodeResult#BAD_HEADER}
     * without EHD 0x1081 or not from a meter, else OK with {@link #tid} and {@link #esv} read.
     */
    DecodeResult start(ByteBuffer src, int offset, int length) {
        if (length < EchonetLite.HEADER_LENGTH) {
            return DecodeResult.TRUNCATED;
        }
        if ((src.get(offset) & 0xFF) != EchonetLite.EHD1 || (src.get(offset + 1) & 0xFF) != EchonetLite.EHD2) {
            return DecodeResult.BAD_HEADER;
        }
        int seojClass = ((src.get(offset + 4) & 0xFF) << 8) | (src.get(offset + 5) & 0xFF);
        if (seojClass != EchonetLite.CLASS_METER) {
            return DecodeResult.BAD_HEADER;
        }
        this.src = src;
        tid = src.getShort(offset + 2) & 0xFFFF;
        esv = src.get(offset + 10) & 0xFF;
        left = src.get(offset + 11) & 0xFF;
        p = offset + EchonetLite.HEADER_LENGTH;
        end = offset + length;
        coefficient = 1;
        coefficientPresent = false;
        digits = -1;
        unit = -1;
        return DecodeResult.OK;
    }

    int tid() {
        return tid;
    }

    int esv() {
        return esv;
    }

    /** Whether OPC announces another property. */
    boolean hasNext() {
        return left > 0;
    }

    /**
     * Reads the next property's EPC and PDC, keeping it when it is a scaling property: TRUNCATED or BAD_PROPERTY,
     * else OK with {@link #epc}, {@link #pdc} and {@link #edt} set.
     */
    DecodeResult next() {
        left--;
        if (p + 2 > end) {
            return DecodeResult.TRUNCATED;
        }
        epc = src.get(p) & 0xFF;
        pdc = src.get(p + 1) & 0xFF;
        edt = p + 2;
        if (edt + pdc > end) {
            return DecodeResult.TRUNCATED;
        }
        p = edt + pdc;
        return switch (epc) {
            case EchonetLite.EPC_COEFFICIENT -> keepCoefficient();
            case EchonetLite.EPC_EFFECTIVE_DIGITS -> keepDigits();
            case EchonetLite.EPC_UNIT -> keepUnit();
            default -> DecodeResult.OK;
        };
    }

    private DecodeResult keepCoefficient() {
        if (pdc != 4 || coefficientPresent) {
            return DecodeResult.BAD_PROPERTY;
        }
        coefficient = src.getInt(edt) & 0xFFFF_FFFFL;
        if (coefficient == 0) {
            return DecodeResult.BAD_PROPERTY;
        }
        coefficientPresent = true;
        return DecodeResult.OK;
    }

    private DecodeResult keepDigits() {
        if (pdc != 1 || digits >= 0) {
            return DecodeResult.BAD_PROPERTY;
        }
        digits = src.get(edt) & 0xFF;
        return digits < 1 || digits > 10 ? DecodeResult.BAD_PROPERTY : DecodeResult.OK;
    }

    private DecodeResult keepUnit() {
        if (pdc != 1 || unit >= 0) {
            return DecodeResult.BAD_PROPERTY;
        }
        unit = src.get(edt) & 0xFF;
        return DecodeResult.OK;
    }

    /** The current property's code. */
    int epc() {
        return epc;
    }

    /** The current property's data length. */
    int pdc() {
        return pdc;
    }

    /** Absolute index of the current property's data. */
    int edt() {
        return edt;
    }

    /**
     * After the last property, in this order: TRUNCATED when the frame has bytes after it; MISSING_READING without
     * the decoder's answer property ({@code answer} false: 0xEA/0xEB, 0xE2); MISSING_PROPERTY without one of its
     * other required properties ({@code others} false: 0x98) or without 0xD7 or 0xE1; BAD_UNIT for an undefined
     * unit code; else OK.
     */
    DecodeResult finish(boolean answer, boolean others) {
        if (p != end) {
            return DecodeResult.TRUNCATED;
        }
        if (!answer) {
            return DecodeResult.MISSING_READING;
        }
        if (!others || digits < 0 || unit < 0) {
            return DecodeResult.MISSING_PROPERTY;
        }
        return EnergyUnit.isValidCode(unit) ? DecodeResult.OK : DecodeResult.BAD_UNIT;
    }

    /** 0xD3, 1 when absent. */
    long coefficient() {
        return coefficient;
    }

    boolean coefficientPresent() {
        return coefficientPresent;
    }

    /** 0xD7 (valid after {@link #finish}). */
    int digits() {
        return digits;
    }

    /** 0xE1 (valid after {@link #finish}). */
    int unit() {
        return unit;
    }
}
