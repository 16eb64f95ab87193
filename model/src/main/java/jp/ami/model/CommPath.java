package jp.ami.model;

/** The three A-route communication methods, each with its own path to the head-end. */
public enum CommPath implements Coded {
    /** Wireless multi-hop, 920 MHz; border routers forward batches over CoAP/UDP. */
    WISUN(1, "wisun"),
    /** G3-PLC; concentrators forward batches over TCP. */
    PLC(2, "plc"),
    /** 1:N wireless via base stations; relays forward batches over TCP. */
    RELAY(3, "relay");

    private static final CodeTable<CommPath> CODES = CodeTable.of(CommPath.class);
    private final int code;
    private final String key;

    CommPath(int code, String key) {
        this.code = code;
        this.key = key;
    }

    /** Wire and journal code. */
    @Override
    public int code() {
        return code;
    }

    /** Lower-case name used in JSON and metrics. */
    public String key() {
        return key;
    }

    public static CommPath ofCode(int code) {
        return CODES.require(code, "path", "must be 1 (wisun), 2 (plc) or 3 (relay)");
    }
}
