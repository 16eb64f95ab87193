package jp.ami.protocol.echonet;

import java.nio.ByteBuffer;

/**
 * The parts every frame a meter sends begins or ends with, written at {@code dst.position()} (advancing it):
 * the header from the meter to the controller, and the register format properties 0xD3, 0xD7 and 0xE1. Static and
 * allocation-free, for the encoders.
 */
final class FrameWriter {
    private FrameWriter() {
    }

    /** {@code 10 81 | TID u16 | 02 88 01 | 05 FF 01}: EHD, transaction ID, SEOJ smart meter, DEOJ controller. */
    static void putMeterHeader(ByteBuffer dst, int tid) {
        dst.put((byte) EchonetLite.EHD1).put((byte) EchonetLite.EHD2).putShort((short) tid);
        putEoj(dst, EchonetLite.EOJ_METER);
        putEoj(dst, EchonetLite.EOJ_CONTROLLER);
    }

    /** {@code [D3 04 | coefficient u32] | D7 01 | digits u8 | E1 01 | unit u8}; 0xD3 only when the coefficient is present. */
    static void putRegisterFormat(ByteBuffer dst, boolean coefficientPresent, long coefficient, int digits, int unitCode) {
        if (coefficientPresent) {
            dst.put((byte) EchonetLite.EPC_COEFFICIENT).put((byte) 4).putInt((int) coefficient);
        }
        dst.put((byte) EchonetLite.EPC_EFFECTIVE_DIGITS).put((byte) 1).put((byte) digits);
        dst.put((byte) EchonetLite.EPC_UNIT).put((byte) 1).put((byte) unitCode);
    }

    private static void putEoj(ByteBuffer dst, int eoj) {
        dst.put((byte) (eoj >>> 16)).put((byte) (eoj >>> 8)).put((byte) eoj);
    }
}
