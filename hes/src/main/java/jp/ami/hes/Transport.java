package jp.ami.hes;

/** The transport a batch arrived on. The ingest path treats them alike; they are counted apart. */
public enum Transport {
    /** Length-prefixed frames over TCP: PLC concentrators and 1:N relays. */
    TCP("tcp"),
    /** CoAP POST /batch over UDP: Wi-SUN border routers. */
    COAP("coap");

    private final String key;

    Transport(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
