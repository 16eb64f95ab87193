package jp.ami.hes;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;
import jp.ami.model.InvalidValueException;

/**
 * Head-end configuration.
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>field</th><th>default</th><th>description</th></tr>
 *   <tr><td>journalDir</td><td>(required)</td><td>Chronicle Queue directory shared with the MDMS</td></tr>
 *   <tr><td>tcpHost / tcpPort</td><td>127.0.0.1 / 7201</td><td>TCP ingest (PLC, 1:N relays); port 0 = any</td></tr>
 *   <tr><td>coapHost / coapPort</td><td>127.0.0.1 / 5683</td><td>CoAP/UDP ingest (Wi-SUN); port 0 = any</td></tr>
 *   <tr><td>masterKeyHex</td><td>(required)</td><td>master key for per-meter AES keys, ≥ 16 bytes as hex</td></tr>
 *   <tr><td>firstMeterId / meterCount</td><td>1 / 10000</td><td>known meters: [first, first + count)</td></tr>
 *   <tr><td>ingestQueueCapacity</td><td>1024</td><td>batches queued before OVERLOADED_RETRY</td></tr>
 * </table>
 */
public record HesConfig(Path journalDir, String tcpHost, int tcpPort, String coapHost, int coapPort,
                        String masterKeyHex, long firstMeterId, long meterCount, int ingestQueueCapacity) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_TCP_PORT = 7201;
    public static final int DEFAULT_COAP_PORT = 5683;

    public HesConfig {
        Objects.requireNonNull(journalDir, "journalDir");
        Objects.requireNonNull(tcpHost, "tcpHost");
        Objects.requireNonNull(coapHost, "coapHost");
        checkPort("tcpPort", tcpPort);
        checkPort("coapPort", coapPort);
        if (masterKeyHex == null || masterKeyHex.strip().length() < 32) {
            throw new InvalidValueException("masterKey", "(hidden)", "must be at least 16 bytes as hex");
        }
        if (ingestQueueCapacity < 1) {
            throw new InvalidValueException("ingestQueueCapacity", ingestQueueCapacity, "must be at least 1");
        }
        MeterDirectory.range(firstMeterId, meterCount); // validates
    }

    /** Defaults for everything but the journal and the key. */
    public static HesConfig defaults(Path journalDir, byte[] masterKey) {
        return new HesConfig(journalDir, DEFAULT_HOST, DEFAULT_TCP_PORT, DEFAULT_HOST, DEFAULT_COAP_PORT,
                HexFormat.of().formatHex(masterKey), 1, 10_000, IngestPath.DEFAULT_QUEUE_CAPACITY);
    }

    public HesConfig withPorts(int tcpPort, int coapPort) {
        return new HesConfig(journalDir, tcpHost, tcpPort, coapHost, coapPort, masterKeyHex, firstMeterId, meterCount,
                ingestQueueCapacity);
    }

    public HesConfig withMeters(long firstMeterId, long meterCount) {
        return new HesConfig(journalDir, tcpHost, tcpPort, coapHost, coapPort, masterKeyHex, firstMeterId, meterCount,
                ingestQueueCapacity);
    }

    public MeterDirectory meters() {
        return MeterDirectory.range(firstMeterId, meterCount);
    }

    private static void checkPort(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidValueException(field, port, "must be 0–65535");
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "HesConfig[journalDir=" + journalDir + ", tcp=" + tcpHost + ":" + tcpPort + ", coap=" + coapHost + ":"
                + coapPort + ", meters=[" + firstMeterId + ", " + (firstMeterId + meterCount) + "), ingestQueueCapacity="
                + ingestQueueCapacity + ", masterKey=(hidden)]";
    }
}
