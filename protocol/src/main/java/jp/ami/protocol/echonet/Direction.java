package jp.ami.protocol.echonet;

import jp.ami.model.Coded;

/** Direction of a cumulative energy reading: 0xEA normal (import) or 0xEB reverse (export). */
public enum Direction implements Coded {
    NORMAL(0, EchonetLite.EPC_FIXED_TIME_NORMAL),
    REVERSE(1, EchonetLite.EPC_FIXED_TIME_REVERSE);

    private final int code;
    private final int epc;

    Direction(int code, int epc) {
        this.code = code;
        this.epc = epc;
    }

    /** Journal code: 0 normal, 1 reverse. */
    @Override
    public int code() {
        return code;
    }

    /** The ECHONET Lite property carrying this direction's fixed-time reading. */
    public int epc() {
        return epc;
    }
}
