package jp.ami.hes;

import java.time.Clock;
import jp.ami.hes.coap.CoapIngestServer;
import jp.ami.hes.tcp.TcpIngestServer;
import jp.ami.journal.Journal;
import jp.ami.protocol.envelope.MeterKeys;

/**
 * The head-end, wired by constructor: journal → ingest path → TCP and CoAP transports. Closing stops the
 * transports first, then drains the ingest queue, then closes the journal.
 *
 * <pre>{@code
 * try (HesServer hes = HesServer.start(HesConfig.defaults(dir, masterKey), Clock.systemUTC())) {
 *     int tcpPort = hes.tcpPort();
 * }
 * }</pre>
 */
public final class HesServer implements AutoCloseable {
    private final HesConfig config;
    private final Journal journal;
    private final IngestPath ingest;
    private final TcpIngestServer tcp;
    private final CoapIngestServer coap;

    public HesServer(HesConfig config, Clock clock) {
        this.config = config;
        this.journal = Journal.open(config.journalDir());
        this.ingest = new IngestPath(config.meters(), MeterKeys.fromHex(config.masterKeyHex()), journal, clock,
                new IngestStats(), config.ingestQueueCapacity(), (int) Math.min(config.meterCount(), 1 << 24));
        this.tcp = new TcpIngestServer(ingest, config.tcpHost(), config.tcpPort());
        this.coap = new CoapIngestServer(ingest, config.coapHost(), config.coapPort());
    }

    /** Creates and starts a server. */
    public static HesServer start(HesConfig config, Clock clock) throws InterruptedException {
        HesServer s = new HesServer(config, clock);
        try {
            s.start();
        } catch (InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public HesServer start() throws InterruptedException {
        tcp.start();
        coap.start();
        return this;
    }

    public int tcpPort() {
        return tcp.port();
    }

    public int coapPort() {
        return coap.port();
    }

    public IngestStats stats() {
        return ingest.stats();
    }

    public IngestPath ingest() {
        return ingest;
    }

    public Journal journal() {
        return journal;
    }

    public HesConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            coap.close();
        } finally {
            try {
                tcp.close();
            } finally {
                try {
                    ingest.close();
                } finally {
                    journal.close();
                }
            }
        }
    }
}
