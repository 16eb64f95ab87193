package jp.ami.mdms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import jp.ami.journal.JournalSync;
import jp.ami.journal.ReadingLog;
import jp.ami.journal.ReadingLogs;
import jp.ami.mdms.correction.Correction;
import jp.ami.mdms.correction.CorrectionApi;
import jp.ami.mdms.correction.CorrectionRequest;
import jp.ami.mdms.delivery.DeliveryService;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.reissue.ReissueCounts;
import jp.ami.mdms.reissue.ReissueReport;
import jp.ami.mdms.reissue.ReissueRoute;
import jp.ami.mdms.reissue.Reissuer;
import jp.ami.mdms.slots.CorrectionRefused;
import jp.ami.mdms.slots.EngineStats;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.IlpQuestDbStore;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.supply.SwitchFollower;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.service.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MDMS process, wired by constructor: a {@link ValueStore} (embedded {@link QuestDbStore}, or an external
 * QuestDB via {@link IlpQuestDbStore} when {@link MdmsConfig#questDbHost()} is set), {@link SlotEngine},
 * {@link Outbox}, {@link DeliveryService}, and one engine thread ({@code mdms-engine}).
 *
 * <h2>Crash safety</h2>
 * Every tick (slot finalisation) and slot announcement is logged in the {@link EngineLog} with the number of
 * journal documents consumed before it, the tick before its side effects and a "done" mark after them. After
 * every live tick the engine state is written to {@code <dataDir>/engine.snapshot} (temporary file + atomic
 * move) with the document and event counts it covers. On start the thread restores the snapshot (or starts
 * empty), skips the journal documents it covers, re-reads the rest and re-executes the logged events after it
 * at the same document positions — ticks marked done without side effects, an unfinished tick with them — so
 * the state, the QuestDB rows (DEDUP upserts, deterministic {@code written_at}) and the files (deterministic
 * bytes, atomic replace) come out exactly as in an uninterrupted run. Then it continues live.
 *
 * <h2>When ticks happen (live)</h2>
 * Before a journal document is applied, every open slot whose cut-off ({@code end + cutoff}) is at or before
 * the document's event time (its latest head-end receive time) is finalised: a reading received after a slot's
 * cut-off never counts for its first issue. When the journal is idle (caught up), slots whose cut-off has passed
 * on the {@code clock} are finalised. Either way the tick is logged first.
 * All engine calls happen on that thread; other threads hand work to it with {@link #onEngine}. If a tick fails
 * (store or outbox error) the engine is rebuilt by the same replay, which redoes the unfinished tick.
 *
 * <h2>Switches from a switching service in another process</h2>
 * With {@link MdmsConfig#switchingUrl()} set, a {@link SwitchFollower} applies its ledger
 * ({@code <dataDir>/switches.log}) to the registry before the engine starts, then follows the switching service's
 * feed; the engine thread applies new switches between journal documents (live only) and finalises a slot only
 * when the feed is settled past it — otherwise the tick is held, and so is the next journal document whose time
 * would need it (logged once per slot; see {@link SwitchFollower} for why this keeps replays identical). Without
 * it the registry is whatever the owner shares (one JVM: the switching service's).
 *
 * <h2>Parts</h2>
 * This class wires and closes; the work is done by {@link EngineLoop} (the engine thread: replay, live loop, ticks),
 * {@link EngineSnapshots} (the snapshot and the journal position it covers), {@link EngineInbox} (work handed to the
 * engine thread), {@link CorrectionDesk} (operator corrections) and {@link ReissueDesk} (on-demand re-issues).
 */
public final class MdmsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MdmsServer.class);

    private final MdmsConfig config;
    private final Clock clock;
    private final MasterData master;
    private final ValueStore store;
    private final Outbox outbox;
    private final DeliveryService delivery;
    private final ReadingLog journal;
    private final EngineLog log;
    private final SwitchFollower switches;
    private final Metrics metrics = Metrics.forService("mdms");
    private final EngineInbox inbox;
    private final CorrectionApi correctionApi;
    /** {@code POST /internal/reissue} on the delivery port. */
    private final ReissueDesk reissues;
    private final CorrectionDesk corrections;
    private final EngineLoop loop;

    /** Loads the master data from {@link MdmsConfig#masterDataFile()} (and the exchanges file, if any) and starts everything. */
    public MdmsServer(MdmsConfig config, Clock clock) {
        this(config, loadMaster(config), clock);
    }

    /** Master data plus the exchanges of {@link MdmsConfig#exchangesFile()} (when set or present next to the master data). */
    public static MasterData loadMaster(MdmsConfig config) {
        MasterData m = MasterData.load(config.masterDataFile());
        Path x = config.exchangesFile();
        if (x != null) {
            m.loadExchanges(x);
        }
        return m;
    }

    /** Starts everything over already-loaded master data. */
    public MdmsServer(MdmsConfig config, MasterData master, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.master = master;
        // the routes take requests as soon as the delivery service listens: what they hand over waits in the inbox
        this.inbox = new EngineInbox(master);
        this.correctionApi = new CorrectionApi(this::correct);
        this.reissues = new ReissueDesk(this, inbox);
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.store = openStore(config);
        Outbox ob = null;
        DeliveryService ds = null;
        ReadingLog j = null;
        try {
            ob = Outbox.open(config.outboxDir());
            ds = new DeliveryService("127.0.0.1", config.deliveryPort(), ob, metrics,
                    Map.of(CorrectionApi.PATH, correctionApi, ReissueRoute.PATH, reissues.route()));
            j = ReadingLogs.open(config.journalLocation(), JournalSync.NONE); // the MDMS only reads
        } catch (RuntimeException e) {
            if (ds != null) {
                ds.close();
            }
            store.close();
            throw e;
        }
        this.outbox = ob;
        this.delivery = ds;
        this.journal = j;
        this.log = EngineLog.open(config.dataDir().resolve("engine-events.log"));
        EngineSnapshots snapshots = new EngineSnapshots(config.dataDir(), log);
        this.corrections = new CorrectionDesk(config.dataDir().resolve("corrections.log"), master, clock, log, snapshots);
        // the whole ledger of followed switches goes into the registry before the engine replays anything
        this.switches = config.switchingUrl() == null ? null
                : new SwitchFollower(config.switchingUrl(), config.switchingPollInterval(), master.registry(),
                        config.dataDir().resolve("switches.log"));
        this.loop = new EngineLoop(config, clock, journal, log, switches, inbox, snapshots, corrections,
                () -> new SlotEngine(config, master, store, new SlotFileWriter(config), outbox, clock));
        DeliveryMetrics deliveryMetrics = new DeliveryMetrics(metrics.registry());
        loop.engine().addFilePublishedListener(deliveryMetrics);
        MdmsMetrics.register(metrics, this, deliveryMetrics);
        loop.start();
        if (switches != null) {
            switches.start();
        }
        LOG.info("MDMS started: {} supply points, delivery on 127.0.0.1:{}, QuestDB {} http {} PG {}",
                master.size(), delivery.port(), config.questDbHost() == null ? "embedded" : config.questDbHost(),
                config.questDbHttpPort(), config.questDbPgPort());
    }

    /** The store the configuration asks for: embedded QuestDB, or an external one over ILP + PG wire. */
    public static ValueStore openStore(MdmsConfig config) {
        String[] codes = ValueStatus.codes(config);
        if (config.questDbHost() != null) {
            return new IlpQuestDbStore(config.questDbHost(), config.questDbHttpPort(), config.questDbPgPort(), codes);
        }
        return new QuestDbStore(config.questDbRoot(), config.questDbHttpPort(), config.questDbPgPort(), codes);
    }

    /**
     * Applies an operator correction on the engine thread ({@link SlotEngine#correct}): refused with the reason
     * ({@link CorrectionRefused}, {@link CorrectionApi.UnknownSupplyPoint})
     * or written to {@code corrections.log} (forced to disk), logged as event C at the current journal position, applied
     * (new revision, files, rows) and answered with the logged {@link Correction}. A crash after
     * the log line re-applies it on replay at the same position: the same bytes.
     */
    public CompletableFuture<Correction> correct(CorrectionRequest.Valid request) {
        return inbox.correct(request);
    }

    /** The endpoint of {@code POST /internal/corrections} (its refusal count is in the metrics). */
    public CorrectionApi correctionApi() {
        return correctionApi;
    }

    /** The corrections applied so far, in order (the audit trail). */
    public List<Correction> corrections() {
        return corrections.all();
    }

    /** Runs {@code task} on the engine thread (e.g. {@code e -> e.expectSlots(a, b)}). */
    public void onEngine(Consumer<SlotEngine> task) {
        inbox.onEngine(task);
    }

    /**
     * Re-issues on demand (see {@link Reissuer}) slot {@code slot} (1–48, null: the whole day) of JST
     * day {@code date} for {@code retailer} (null: all), on the engine thread, so it never races a tick. The future fails
     * with {@link IllegalArgumentException} for an unknown retailer, a bad slot or a day not finalised yet.
     */
    public CompletableFuture<ReissueReport> reissueAsync(LocalDate date, Integer slot, String retailer) {
        return reissues.reissueAsync(date, slot, retailer);
    }

    /** Files handled by the re-issues run since start, by outcome. */
    public ReissueCounts reissueCounts() {
        return reissues.counts();
    }

    /** Re-issue requests refused by the internal API, by reason. */
    public Map<String, Long> reissueRefused() {
        return reissues.refused();
    }

    /** {@link #reissueAsync}, waiting up to 10 minutes for the report. */
    public ReissueReport reissue(LocalDate date, Integer slot, String retailer) {
        return reissues.reissue(date, slot, retailer);
    }

    /** Announces slots to be finalised even without readings (logged, then applied on the engine thread). */
    public void expectSlots(long fromSlotIndex, long toSlotIndex) {
        inbox.expectSlots(fromSlotIndex, toSlotIndex);
    }

    /** True once the start-up replay is over and the engine runs live. */
    public boolean isLive() {
        return loop.isLive();
    }

    /**
     * Seconds the MDMS is behind the journal: 0 when the last poll found nothing new, else its clock minus the
     * head-end receive time of the last document it applied (0 before the first).
     */
    public double journalLagSeconds() {
        return loop.journalLagSeconds();
    }

    /** The highest slot finalised so far (replayed from the engine log at start), {@code Long.MIN_VALUE} when none. */
    public long lastFinalizedSlot() {
        return loop.lastFinalizedSlot();
    }

    /** The MDMS's Prometheus registry, served at {@code /metrics} on {@link #deliveryPort()}. */
    public Metrics metrics() {
        return metrics;
    }

    /** Journal documents consumed (replay included). */
    public long documentsConsumed() {
        return loop.documentsConsumed();
    }

    public EngineStats stats() {
        return loop.engine().stats();
    }

    /** The engine, for registering listeners; call its other methods only through {@link #onEngine}. */
    public SlotEngine engine() {
        return loop.engine();
    }

    /** The log of engine events (ticks, announcements, corrections, re-issue numbers), for the desks. */
    EngineLog engineLog() {
        return log;
    }

    public ValueStore store() {
        return store;
    }

    public Outbox outbox() {
        return outbox;
    }

    public MasterData master() {
        return master;
    }

    public MdmsConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** Port of the delivery service. */
    public int deliveryPort() {
        return delivery.port();
    }

    /** The follower of a switching service in another process, or null ({@link MdmsConfig#switchingUrl()} unset). */
    public SwitchFollower switchFollower() {
        return switches;
    }

    /** The last error the engine thread logged, or null. */
    public Throwable lastError() {
        return loop.lastError();
    }

    @Override
    public void close() {
        loop.stop();
        if (switches != null) {
            switches.close();
        }
        delivery.close();
        loop.engine().close();
        log.close();
        corrections.close();
        journal.close();
        store.close();
    }
}
