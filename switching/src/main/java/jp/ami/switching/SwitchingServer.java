package jp.ami.switching;

import java.time.Clock;
import java.util.concurrent.locks.LockSupport;
import jp.ami.model.SupplyRegistry;
import jp.ami.service.PollingThread;
import jp.ami.service.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switching process, wired by constructor: {@link SwitchingJournal} (replayed into a fresh
 * {@link SwitchingService} before anything is served), {@link SwitchingHttpServer} on
 * {@link SwitchingConfig#host()}:{@link SwitchingConfig#port()}, and a scheduler thread
 * ({@code switching-matching}) that checks the clock every {@link SwitchingConfig#pollInterval()} of real time and
 * runs the matching batch when the clock crosses a multiple of {@link SwitchingConfig#matchingInterval()}.
 *
 * <p>The {@link SupplyRegistry} must already hold the supply points (master data) — the MDMS's registry when both
 * run in one JVM: the replay re-applies every matched switch to it, and new matches go to it at once.
 */
public final class SwitchingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchingServer.class);

    private final SwitchingConfig config;
    private final SwitchingJournal journal;
    private final SwitchingService service;
    private final SwitchingHttpServer http;
    private final PollingThread scheduler;
    private final long replayed;
    private final long replayNanos;
    private final Metrics metrics = Metrics.forService("switching");

    /** A server over {@code registry} whose points are all in their default reading group and have no contract amperes. */
    public SwitchingServer(SwitchingConfig config, SupplyRegistry registry, Clock clock) {
        this(config, registry, SupplyPointDetails.defaults(), clock);
    }

    /** A server over {@code registry}, its points' reading groups and contract amperes in {@code details}. */
    public SwitchingServer(SwitchingConfig config, SupplyRegistry registry, SupplyPointDetails details, Clock clock) {
        this.config = config;
        this.journal = SwitchingJournal.open(config.journalDir());
        SwitchingHttpServer h = null;
        try {
            this.service = new SwitchingService(registry, details, clock, config, journal);
            long t0 = System.nanoTime();
            this.replayed = journal.replay(service::replay);
            this.replayNanos = System.nanoTime() - t0;
            service.start();
            SwitchingMetrics.register(metrics, service);
            h = new SwitchingHttpServer(config.host(), config.port(), config.maxBodyBytes(), service, metrics);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        this.http = h;
        LOG.info("switching: replayed {} events in {} ms; http://{}:{}/switching/", replayed, replayNanos / 1_000_000, config.host(), http.port());
        if (config.pollInterval().isZero()) {
            scheduler = null;
        } else {
            long pollNanos = config.pollInterval().toNanos();
            scheduler = new PollingThread("switching-matching", () -> {
                try {
                    service.tick();
                } catch (RuntimeException e) {
                    LOG.error("matching batch failed", e);
                }
                LockSupport.parkNanos(pollNanos);
            });
            scheduler.start();
        }
    }

    /** The bound HTTP port. */
    public int port() {
        return http.port();
    }

    /** The switching service's Prometheus registry, served at {@code /metrics} on {@link #port()}. */
    public Metrics metrics() {
        return metrics;
    }

    public SwitchingService service() {
        return service;
    }

    public SwitchingConfig config() {
        return config;
    }

    /** Runs the matching batch now if the clock has crossed an interval boundary (for owners without the thread). */
    public boolean tick() {
        return service.tick();
    }

    /** Journal documents replayed at start. */
    public long replayedEvents() {
        return replayed;
    }

    /** Time the start-up replay took, in nanoseconds. */
    public long replayNanos() {
        return replayNanos;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        http.close();
        journal.close();
    }
}
