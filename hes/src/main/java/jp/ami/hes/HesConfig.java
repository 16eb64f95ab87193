package jp.ami.hes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
 *   <tr><td>httpPort</td><td>7202</td><td>internal HTTP (127.0.0.1 only): GET /stats/collection[?slot=], /stats/ingest; 0 = any</td></tr>
 *   <tr><td>area</td><td>3</td><td>area code of the known meters (collection statistics per area)</td></tr>
 *   <tr><td>recollectRounds</td><td>10 min, 15 min</td><td>after each slot boundary, when missing readings are requested; empty = off</td></tr>
 *   <tr><td>recollectFinal</td><td>20 min</td><td>last scan (the MDMS cut-off): fixes "still missing"</td></tr>
 *   <tr><td>recollectPoll</td><td>100 ms</td><td>how often (real time) the re-collector checks the clock</td></tr>
 *   <tr><td>exchanges</td><td>none</td><td>meter exchanges ({@link MeterExchange}): new meters known, re-collection expects the installed meter per boundary</td></tr>
 * </table>
 */
public record HesConfig(Path journalDir, String tcpHost, int tcpPort, String coapHost, int coapPort,
                        String masterKeyHex, long firstMeterId, long meterCount, int ingestQueueCapacity,
                        int httpPort, int area, List<Duration> recollectRounds, Duration recollectFinal,
                        Duration recollectPoll, List<MeterExchange> exchanges) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_TCP_PORT = 7201;
    public static final int DEFAULT_COAP_PORT = 5683;
    public static final int DEFAULT_HTTP_PORT = 7202;
    public static final int DEFAULT_AREA = 3;
    public static final List<Duration> DEFAULT_RECOLLECT_ROUNDS = List.of(Duration.ofMinutes(10), Duration.ofMinutes(15));
    public static final Duration DEFAULT_RECOLLECT_FINAL = Duration.ofMinutes(20);
    public static final Duration DEFAULT_RECOLLECT_POLL = Duration.ofMillis(100);

    public HesConfig {
        checkPort("httpPort", httpPort);
        if (area < 1 || area > 10) {
            throw new InvalidValueException("area", area, "must be 1–10");
        }
        recollectRounds = List.copyOf(Objects.requireNonNull(recollectRounds, "recollectRounds"));
        Objects.requireNonNull(recollectFinal, "recollectFinal");
        Objects.requireNonNull(recollectPoll, "recollectPoll");
        Duration prev = Duration.ZERO;
        for (Duration d : recollectRounds) {
            if (d.compareTo(prev) <= 0 || d.compareTo(recollectFinal) >= 0) {
                throw new InvalidValueException("recollectRounds", recollectRounds,
                        "must be ascending, positive and before recollectFinal " + recollectFinal);
            }
            prev = d;
        }
        if (recollectPoll.isNegative() || recollectPoll.isZero()) {
            throw new InvalidValueException("recollectPoll", recollectPoll, "must be positive");
        }
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
        exchanges = List.copyOf(Objects.requireNonNull(exchanges, "exchanges"));
        MeterDirectory.withExchanges(MeterDirectory.range(firstMeterId, meterCount), exchanges); // validates
    }

    /** Defaults for everything but the journal and the key. */
    public static HesConfig defaults(Path journalDir, byte[] masterKey) {
        return builder(journalDir, masterKey).build();
    }

    /** A builder holding the defaults for everything but the journal and the key. */
    public static Builder builder(Path journalDir, byte[] masterKey) {
        return new Builder(journalDir, HexFormat.of().formatHex(masterKey));
    }

    /** As {@link #builder(Path, byte[])}, with the key as hex (as in a key file). */
    public static Builder builder(Path journalDir, String masterKeyHex) {
        return new Builder(journalDir, masterKeyHex);
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        Builder b = new Builder(journalDir, masterKeyHex);
        b.tcpHost = tcpHost;
        b.tcpPort = tcpPort;
        b.coapHost = coapHost;
        b.coapPort = coapPort;
        b.firstMeterId = firstMeterId;
        b.meterCount = meterCount;
        b.ingestQueueCapacity = ingestQueueCapacity;
        b.httpPort = httpPort;
        b.area = area;
        b.recollectRounds = recollectRounds;
        b.recollectFinal = recollectFinal;
        b.recollectPoll = recollectPoll;
        b.exchanges = exchanges;
        return b;
    }

    /** TCP and CoAP ports; when both are 0 (tests, demo), the HTTP port becomes 0 (any free port) too. */
    public HesConfig withPorts(int tcpPort, int coapPort) {
        return toBuilder().ports(tcpPort, coapPort).build();
    }

    /** The internal HTTP port (collection statistics); 0 = any free port. */
    public HesConfig withHttpPort(int httpPort) {
        return toBuilder().httpPort(httpPort).build();
    }

    public HesConfig withMeters(long firstMeterId, long meterCount) {
        return toBuilder().meters(firstMeterId, meterCount).build();
    }

    /** Re-collection rounds (offsets after the boundary; empty = off) and the final scan (the MDMS cut-off). */
    public HesConfig withRecollection(List<Duration> rounds, Duration finalScan) {
        return toBuilder().recollection(rounds, finalScan).build();
    }

    public HesConfig withIngestQueueCapacity(int capacity) {
        return toBuilder().ingestQueueCapacity(capacity).build();
    }

    /** Meter exchanges: see {@link Builder#exchanges}. */
    public HesConfig withExchanges(List<MeterExchange> exchanges) {
        return toBuilder().exchanges(exchanges).build();
    }

    /** Builds a {@link HesConfig}; every setting starts at its default, {@link #build} validates. */
    public static final class Builder {
        private final Path journalDir;
        private final String masterKeyHex;
        private String tcpHost = DEFAULT_HOST;
        private int tcpPort = DEFAULT_TCP_PORT;
        private String coapHost = DEFAULT_HOST;
        private int coapPort = DEFAULT_COAP_PORT;
        private long firstMeterId = 1;
        private long meterCount = 10_000;
        private int ingestQueueCapacity = IngestPath.DEFAULT_QUEUE_CAPACITY;
        private int httpPort = DEFAULT_HTTP_PORT;
        private int area = DEFAULT_AREA;
        private List<Duration> recollectRounds = DEFAULT_RECOLLECT_ROUNDS;
        private Duration recollectFinal = DEFAULT_RECOLLECT_FINAL;
        private Duration recollectPoll = DEFAULT_RECOLLECT_POLL;
        private List<MeterExchange> exchanges = List.of();

        private Builder(Path journalDir, String masterKeyHex) {
            this.journalDir = journalDir;
            this.masterKeyHex = masterKeyHex;
        }

        public Builder tcp(String host, int port) {
            tcpHost = host;
            tcpPort = port;
            return this;
        }

        public Builder coap(String host, int port) {
            coapHost = host;
            coapPort = port;
            return this;
        }

        /** TCP and CoAP ports; when both are 0 (tests, demo), the HTTP port becomes 0 (any free port) too. */
        public Builder ports(int tcp, int coap) {
            tcpPort = tcp;
            coapPort = coap;
            if (tcp == 0 && coap == 0) {
                httpPort = 0;
            }
            return this;
        }

        /** The internal HTTP port (collection statistics); 0 = any free port. */
        public Builder httpPort(int port) {
            httpPort = port;
            return this;
        }

        /** The known meters: [first, first + count). */
        public Builder meters(long first, long count) {
            firstMeterId = first;
            meterCount = count;
            return this;
        }

        public Builder ingestQueueCapacity(int capacity) {
            ingestQueueCapacity = capacity;
            return this;
        }

        /** Area code 1–10 of the known meters. */
        public Builder area(int code) {
            area = code;
            return this;
        }

        /** Re-collection rounds (offsets after the boundary; empty = off) and the final scan (the MDMS cut-off). */
        public Builder recollection(List<Duration> rounds, Duration finalScan) {
            recollectRounds = rounds;
            recollectFinal = finalScan;
            return this;
        }

        /** How often (real time) the re-collector checks the clock. */
        public Builder recollectPoll(Duration poll) {
            recollectPoll = poll;
            return this;
        }

        /**
         * Meter exchanges (計器取替): each new meter becomes known, and re-collection and the collection statistics
         * expect the old meter for boundaries before the exchange slot and the new one from it on. The old meters must
         * be in the range; the new ones outside it (e.g. spare IDs after it). Usually {@link MeterExchange#load} of
         * the exchanges CSV the MDMS reads.
         */
        public Builder exchanges(List<MeterExchange> list) {
            exchanges = list;
            return this;
        }

        /** @throws InvalidValueException naming the first setting out of range */
        public HesConfig build() {
            return new HesConfig(journalDir, tcpHost, tcpPort, coapHost, coapPort, masterKeyHex, firstMeterId, meterCount,
                    ingestQueueCapacity, httpPort, area, recollectRounds, recollectFinal, recollectPoll, exchanges);
        }
    }

    /** The known meters: the range, plus the new meters of {@link #exchanges}. */
    public MeterDirectory meters() {
        return MeterDirectory.withExchanges(MeterDirectory.range(firstMeterId, meterCount, area), exchanges);
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
                + ingestQueueCapacity + ", http=127.0.0.1:" + httpPort + ", area=" + area + ", recollect=" + recollectRounds
                + " final " + recollectFinal + ", exchanges=" + exchanges.size() + ", masterKey=(hidden)]";
    }
}
