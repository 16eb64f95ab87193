package jp.ami.hes;

import java.time.Clock;
import java.util.Map;
import jp.ami.hes.coap.CoapIngestServer;
import jp.ami.hes.http.StatsHttpServer;
import jp.ami.model.CommPath;
import jp.ami.hes.tcp.TcpIngestServer;
import jp.ami.journal.Journal;
import jp.ami.journal.ReadingLog;
import jp.ami.journal.ReadingLogs;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.service.metrics.Metrics;
import org.slf4j.LoggerFactory;

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
    private final ReadingLog journal;
    private final IngestPath ingest;
    private final TcpIngestServer tcp;
    private final CoapIngestServer coap;
    private final StatsHttpServer http;
    private final Clock clock;
    private final Metrics metrics;
    private Recollector recollector;
    private BulkPuller bulkPuller;

    public HesServer(HesConfig config, Clock clock) {
        this.clock = clock;
        this.config = config;
        this.journal = ReadingLogs.open(config.journalLocation(), config.journalSync());
        this.ingest = new IngestPath(config.meters(), keys(config), journal, clock,
                new IngestStats(), config.ingestQueueCapacity(), (int) Math.min(config.meterCount(), 1 << 24));
        if (journal instanceof Journal) {
            ingest.journalSpace(JournalSpace.of(config.journalDir(), config.journalMinFreeBytes()));
            // a Chronicle journal is this head-end's own: its per-meter state is what the journal holds. (A Kafka
            // topic is shared by all head-ends and split over partitions; they start with empty state, their
            // resends absorbed by the MDMS's one value per slot and point.)
            long restored = ingest.restoreFromJournal();
            if (restored > 0) {
                LoggerFactory.getLogger(HesServer.class).info("per-meter state rebuilt from {} journaled readings of the last 16 hours", restored);
            }
        }
        this.tcp = new TcpIngestServer(ingest, config.tcpHost(), config.tcpPort());
        this.coap = new CoapIngestServer(ingest, config.coapHost(), config.coapPort(), config.coapAllow());
        this.metrics = Metrics.forService("hes");
        HesMetrics.register(metrics, ingest.stats(), ingest.collection(), clock, ingest::queueRemaining);
        metrics.counter("ami_hes_coap_datagrams_dropped_total",
                "CoAP datagrams dropped before parsing: their source is outside --coap-allow.", coap::droppedDatagrams);
        metrics.gauge("ami_hes_journal_free_bytes", "Free space of the journal's file system at the last check before an append.",
                () -> ingest.journalSpace().lastFreeBytes() == Long.MAX_VALUE ? 0 : ingest.journalSpace().lastFreeBytes());
        this.http = new StatsHttpServer(ingest.collection(), ingest.stats(), ingest::silentMeters, config.httpPort(), metrics);
    }

    /** Per-meter keys; the known meters (up to 64 million) get a dense key table, 16 bytes each. */
    static MeterKeys keys(HesConfig config) {
        MeterKeys keys = MeterKeys.fromHex(config.masterKeyHex());
        return config.meterCount() <= 64_000_000L ? keys.withDenseCache(config.firstMeterId(), (int) config.meterCount()) : keys;
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
        http.start();
        if (!config.recollectRounds().isEmpty()) {
            Map<CommPath, RecollectSender> senders = Map.of(CommPath.WISUN, coap, CommPath.PLC, tcp, CommPath.RELAY, tcp);
            recollector = new Recollector(ingest, clock, config.recollectRounds(), config.recollectFinal(), senders,
                    config.recollectPoll());
            if (config.bulkPullAt() != null) {
                // the missing set is what the re-collector's final scans leave
                bulkPuller = new BulkPuller(ingest, clock, config.bulkPullAt(), config.bulkPullRate(), senders,
                        config.recollectPoll());
            }
        }
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

    /** Per-slot collection statistics (expected, first try, recovered by re-collection, still missing). */
    public CollectionStats collection() {
        return ingest.collection();
    }

    /** The head-end's Prometheus registry, served at {@code /metrics} on {@link #httpPort()}. */
    public Metrics metrics() {
        return metrics;
    }

    /** The internal HTTP port serving {@code /stats/collection}, {@code /stats/ingest} and {@code /metrics} (127.0.0.1). */
    public int httpPort() {
        return http.port();
    }

    /** CoAP datagrams dropped before parsing: their source is outside {@link HesConfig#coapAllow()}. */
    public long coapDroppedDatagrams() {
        return coap.droppedDatagrams();
    }

    public IngestPath ingest() {
        return ingest;
    }

    /** The Chronicle journal (tools and tests); the head-end configured with a {@code journalUri} has none. */
    public Journal journal() {
        if (journal instanceof Journal j) {
            return j;
        }
        throw new IllegalStateException("the head-end's journal is " + journal.location() + ", not a Chronicle directory");
    }

    /** The journal, whatever its kind. */
    public ReadingLog log() {
        return journal;
    }

    public HesConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (bulkPuller != null) {
            bulkPuller.close();
        }
        if (recollector != null) {
            recollector.close();
        }
        http.close();
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
