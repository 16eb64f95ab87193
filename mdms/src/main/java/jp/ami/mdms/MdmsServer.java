package jp.ami.mdms;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import jp.ami.journal.JournalSync;
import jp.ami.journal.ReadingBatch;
import jp.ami.journal.ReadingLog;
import jp.ami.journal.ReadingLogReader;
import jp.ami.journal.ReadingLogs;
import jp.ami.mdms.delivery.DeliveryService;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.EngineStats;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.store.IlpQuestDbStore;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.supply.SwitchFollower;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.Slots;
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
 */
public final class MdmsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MdmsServer.class);

    private final MdmsConfig config;
    private final Clock clock;
    private final MasterData master;
    private final ValueStore store;
    private final Outbox outbox;
    private volatile SlotEngine engine;
    private final DeliveryService delivery;
    private final ReadingLog journal;
    private final EngineLog log;
    private final Thread thread;
    private final SwitchFollower switches;
    /** The highest slot finalised so far (written by the engine thread; {@code Long.MIN_VALUE}: none). */
    private volatile long lastFinalized = Long.MIN_VALUE;
    /** Head-end receive time of the last journal document applied live, and whether the last poll found none new. */
    private volatile long lastEventMillis = Long.MIN_VALUE;
    private volatile boolean caughtUp;
    private final Metrics metrics = Metrics.forService("mdms");
    private final Queue<Consumer<SlotEngine>> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<long[]> expects = new ConcurrentLinkedQueue<>();
    private final Queue<PendingCorrection> pendingCorrections = new ConcurrentLinkedQueue<>();
    private final jp.ami.mdms.correction.CorrectionLog corrections;
    private final jp.ami.mdms.correction.CorrectionApi correctionApi = new jp.ami.mdms.correction.CorrectionApi(this::correct);

    /** A valid correction request waiting for the engine thread, and its caller's answer. */
    private record PendingCorrection(jp.ami.mdms.correction.CorrectionRequest.Valid request,
                                     java.util.concurrent.CompletableFuture<jp.ami.mdms.correction.Correction> answer) {
    }
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean live;
    private volatile Throwable lastError;
    private volatile long docs;
    /** {@code POST /internal/reissue} on the delivery port. */
    private final jp.ami.mdms.reissue.ReissueRoute reissueRoute = new jp.ami.mdms.reissue.ReissueRoute(this::reissueAsync);
    /** Made on first use, on the engine thread. */
    private jp.ami.mdms.reissue.Reissuer reissuer;
    private final jp.ami.mdms.reissue.ReissueCounts reissueCounts = new jp.ami.mdms.reissue.ReissueCounts();

    /** Loads the master data from {@link MdmsConfig#masterDataFile()} (and the exchanges file, if any) and starts everything. */
    public MdmsServer(MdmsConfig config, Clock clock) {
        this(config, loadMaster(config), clock);
    }

    /** Master data plus the exchanges of {@link MdmsConfig#exchangesFile()} (when set or present next to the master data). */
    public static MasterData loadMaster(MdmsConfig config) {
        MasterData m = MasterData.load(config.masterDataFile());
        java.nio.file.Path x = config.exchangesFile();
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
        try {
            Files.createDirectories(config.dataDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.store = openStore(config);
        Outbox ob = null;
        DeliveryService ds = null;
        ReadingLog j = null;
        try {
            ob = Outbox.open(config.outboxDir());
            ds = new DeliveryService("127.0.0.1", config.deliveryPort(), ob, metrics,
                    java.util.Map.of(jp.ami.mdms.correction.CorrectionApi.PATH, correctionApi,
                            jp.ami.mdms.reissue.ReissueRoute.PATH, reissueRoute));
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
        this.corrections = jp.ami.mdms.correction.CorrectionLog.open(config.dataDir().resolve("corrections.log"));
        // the whole ledger of followed switches goes into the registry before the engine replays anything
        this.switches = config.switchingUrl() == null ? null
                : new SwitchFollower(config.switchingUrl(), config.switchingPollInterval(), master.registry(),
                        config.dataDir().resolve("switches.log"));
        this.engine = newEngine();
        DeliveryMetrics deliveryMetrics = new DeliveryMetrics(metrics.registry());
        engine.addFilePublishedListener(deliveryMetrics);
        MdmsMetrics.register(metrics, this, deliveryMetrics);
        this.thread = new Thread(this::run, "mdms-engine");
        thread.start();
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

    private SlotEngine newEngine() {
        SlotEngine e = new SlotEngine(config, master, store, new SlotFileWriter(config), outbox, clock);
        SlotEngine old = engine;
        if (old != null) {
            e.copyListenersFrom(old);
            old.close();
        }
        return e;
    }

    private void run() {
        try {
            while (running) {
                try {
                    runEngine();
                } catch (RuntimeException e) {
                    fail("engine", e);
                    LockSupport.parkNanos(config.finalizeInterval().toNanos());
                    if (running) {
                        live = false;
                        engine = newEngine(); // rebuild by replay: redoes the unfinished tick
                    }
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Replays the journal and the engine log, then runs live until stopped. */
    private void runEngine() {
        ReadingBatch batch = new ReadingBatch(1024);
        long interval = config.finalizeInterval().toNanos();
        long nextCheck = System.nanoTime();
        List<EngineLog.Event> events = log.events();
        for (EngineLog.Event ev : events) {
            if (ev.kind() == 'T') {
                lastFinalized = Math.max(lastFinalized, ev.a());
            }
        }
        int next = 0;
        long consumed = 0;
        docs = 0;
        try (ReadingLogReader tailer = journal.readerFromStart()) {
            long[] pos = restoreSnapshot(engine);
            final SlotEngine e = engine;
            if (pos != null) {
                // the snapshot holds the state after pos[0] documents and pos[1] events: skip them
                // (a remote journal's poll may come back empty while it fetches: give up only after a while without progress)
                long patience = journal.fetchPatience().toNanos();
                long giveUp = System.nanoTime() + patience;
                for (long skipped = 0; skipped < pos[0]; ) {
                    if (tailer.poll(batch)) {
                        skipped++;
                        giveUp = System.nanoTime() + patience;
                    } else if (System.nanoTime() - giveUp >= 0) {
                        throw new IllegalStateException("the journal is shorter than the snapshot (" + pos[0] + " documents)");
                    } else {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    }
                }
                consumed = pos[0];
                docs = consumed;
                next = (int) pos[1];
            }
            // replay
            while (running && next < events.size()) {
                EngineLog.Event ev = events.get(next);
                if (ev.docs() <= consumed) {
                    if (ev.kind() == 'E') {
                        e.expectSlots(ev.a(), ev.b());
                    } else if (ev.kind() == 'C') {
                        replayCorrection(e, ev.a());
                    } else if (ev.kind() == 'R') {
                        e.reserveSlotRevision(ev.a(), (int) ev.b()); // a re-issue's number: never given out again
                    } else if (ev.kind() == 'Y') {
                        e.reserveDayRevision(ev.a(), (int) ev.b());
                    } else {
                        boolean done = log.isDone(ev.a());
                        e.sideEffects(!done);
                        e.finalizeSlot(ev.a());
                        e.sideEffects(true);
                        if (!done) {
                            log.done(ev.a());
                        }
                    }
                    next++;
                    continue;
                }
                if (tailer.poll(batch)) {
                    e.accept(batch);
                    docs = ++consumed;
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // the journal is behind the log: wait for it
                }
            }
            live = true;
            boolean pending = false; // a polled document waits for a tick the switch horizon holds
            while (running) {
                if (switches != null) {
                    switches.applyPending(lastFinalized);
                }
                for (Consumer<SlotEngine> task = tasks.poll(); task != null; task = tasks.poll()) {
                    Consumer<SlotEngine> t = task;
                    runSafely(() -> t.accept(e));
                }
                for (long[] x = expects.poll(); x != null; x = expects.poll()) {
                    log.expect(x[0], x[1], consumed);
                    e.expectSlots(x[0], x[1]);
                }
                for (PendingCorrection c = pendingCorrections.poll(); c != null; c = pendingCorrections.poll()) {
                    applyCorrection(e, c, consumed);
                }
                boolean got = pending || tailer.poll(batch);
                if (got) {
                    long eventMillis = Long.MIN_VALUE;
                    for (int i = 0, n = batch.size(); i < n; i++) {
                        eventMillis = Math.max(eventMillis, batch.receivedEpochMillis(i));
                    }
                    if (eventMillis != Long.MIN_VALUE && !tickUntil(e, Instant.ofEpochMilli(eventMillis), consumed)) {
                        pending = true; // held: keep the document until the switch horizon allows its ticks
                        LockSupport.parkNanos(Math.min(interval, TimeUnit.MILLISECONDS.toNanos(2)));
                        continue;
                    }
                    pending = false;
                    e.accept(batch);
                    docs = ++consumed;
                    caughtUp = false;
                    if (eventMillis != Long.MIN_VALUE) {
                        lastEventMillis = eventMillis;
                    }
                } else {
                    caughtUp = true;
                    long now = System.nanoTime();
                    if (now - nextCheck >= 0) {
                        tickUntil(e, clock.instant(), consumed);
                        nextCheck = now + interval;
                    }
                    LockSupport.parkNanos(Math.min(interval, TimeUnit.MILLISECONDS.toNanos(2)));
                }
            }
        }
    }

    /** Finalises every slot due at {@code now}; false when the switch horizon held one (it and later ones wait). */
    private boolean tickUntil(SlotEngine e, Instant now, long consumed) {
        boolean ticked = false;
        boolean all = true;
        for (long k = e.firstOpenSlot(); k != Long.MAX_VALUE && !e.dueAt(k).isAfter(now); k = e.firstOpenSlot()) {
            if (switches != null && !switches.allows(k)) {
                switches.held(k);
                all = false;
                break;
            }
            log.tick(k, consumed);
            e.finalizeSlot(k);
            log.done(k);
            lastFinalized = Math.max(lastFinalized, k);
            ticked = true;
        }
        if (ticked) {
            writeSnapshot(e, consumed);
        }
        return all;
    }

    private java.nio.file.Path snapshotFile() {
        return config.dataDir().resolve("engine.snapshot");
    }

    /**
     * Writes the engine state after {@code consumed} documents and every logged event to
     * {@code <dataDir>/engine.snapshot} (temporary file, then an atomic move): a restart restores it and replays
     * only the journal documents and log events after it. A failed write is logged; the previous snapshot stays.
     */
    private void writeSnapshot(SlotEngine e, long consumed) {
        java.nio.file.Path file = snapshotFile();
        java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeLong(consumed);
            out.writeLong(log.eventCount());
            e.snapshot(out);
        } catch (java.io.IOException ex) {
            LOG.warn("cannot write engine snapshot {}: {}", tmp, ex.toString());
            return;
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException ex) {
            LOG.warn("cannot install engine snapshot {}: {}", file, ex.toString());
        }
    }

    /** Restores the snapshot into {@code e}; returns {documents, events} it covers, or null to replay from the start. */
    private long[] restoreSnapshot(SlotEngine e) {
        java.nio.file.Path file = snapshotFile();
        if (!Files.exists(file)) {
            return null;
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            long documents = in.readLong();
            long events = in.readLong();
            if (events <= log.eventCount() && e.restore(in)) {
                LOG.info("restored engine snapshot: {} journal documents, {} events", documents, events);
                return new long[]{documents, events};
            }
            LOG.warn("engine snapshot {} does not fit the engine log or master data: replaying from the start", file);
        } catch (java.io.IOException | RuntimeException ex) {
            LOG.warn("cannot read engine snapshot {}: {}; replaying from the start", file, ex.toString());
        }
        engine = newEngine(); // a partly restored engine is discarded
        return null;
    }

    private void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            fail("engine task", e);
        }
    }

    private void fail(String what, RuntimeException e) {
        lastError = e;
        LOG.error("{} failed (will retry on the next tick): {}", what, e.toString(), e);
    }

    /**
     * Applies an operator correction on the engine thread ({@link SlotEngine#correct}): refused with the reason
     * ({@link jp.ami.mdms.slots.CorrectionRefused}, {@link jp.ami.mdms.correction.CorrectionApi.UnknownSupplyPoint})
     * or written to {@code corrections.log} (forced to disk), logged as event C at the current journal position, applied
     * (new revision, files, rows) and answered with the logged {@link jp.ami.mdms.correction.Correction}. A crash after
     * the log line re-applies it on replay at the same position: the same bytes.
     */
    public java.util.concurrent.CompletableFuture<jp.ami.mdms.correction.Correction> correct(
            jp.ami.mdms.correction.CorrectionRequest.Valid request) {
        var answer = new java.util.concurrent.CompletableFuture<jp.ami.mdms.correction.Correction>();
        if (master.registry().indexOf(request.supplyPoint()) < 0) {
            answer.completeExceptionally(new jp.ami.mdms.correction.CorrectionApi.UnknownSupplyPoint(request.supplyPoint().value()));
            return answer;
        }
        pendingCorrections.add(new PendingCorrection(request, answer));
        return answer;
    }

    /** The endpoint of {@code POST /internal/corrections} (its refusal count is in the metrics). */
    public jp.ami.mdms.correction.CorrectionApi correctionApi() {
        return correctionApi;
    }

    /** The corrections applied so far, in order (the audit trail). */
    public List<jp.ami.mdms.correction.Correction> corrections() {
        return corrections.all();
    }

    private void applyCorrection(SlotEngine e, PendingCorrection pending, long consumed) {
        var r = pending.request();
        int point = master.registry().indexOf(r.supplyPoint());
        String refusal = e.correctionRefusal(point, r.slotIndex(), r.units());
        if (refusal != null) {
            pending.answer().completeExceptionally(new jp.ami.mdms.slots.CorrectionRefused(refusal));
            return;
        }
        long before = e.days().get(r.slotIndex(), point);
        boolean had = jp.ami.mdms.values.Vee.isSet(before) && jp.ami.mdms.values.Vee.status(before) != ValueStatus.MISSING;
        var c = new jp.ami.mdms.correction.Correction(corrections.nextId(), r.supplyPoint().value(), r.slotIndex(), r.units(),
                r.status(), r.operator(), r.reason(), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                had ? jp.ami.mdms.values.Vee.units(before) : null, e.revision(r.slotIndex()) + 1);
        corrections.append(c);
        log.correction(c.id(), consumed);
        try {
            e.correct(point, c.slotIndex(), c.units(), c.status(), c.instant(), c.id(), c.operator(), c.reason());
        } catch (RuntimeException ex) {
            pending.answer().completeExceptionally(ex);
            throw ex; // the engine is rebuilt by replay, which redoes the logged correction
        }
        log.correctionDone(c.id());
        writeSnapshot(e, consumed);
        LOG.info("correction {} by {}: {} {} slot {} → {} kWh ({}), revision {}: {}", c.id(), c.operator(), c.supplyPoint(),
                Slots.jstDate(c.slotIndex()), Slots.number(c.slotIndex()), jp.ami.model.Kwh.format(c.units()), c.status(),
                c.revision(), c.reason());
        pending.answer().complete(c);
    }

    private void replayCorrection(SlotEngine e, long id) {
        var c = corrections.get(id);
        if (c == null) {
            throw new IllegalStateException("engine log names correction " + id + ", which corrections.log does not hold");
        }
        boolean done = log.isCorrectionDone(id);
        e.sideEffects(!done);
        e.correct(master.registry().indexOf(jp.ami.model.SupplyPointId.of(c.supplyPoint())), c.slotIndex(), c.units(),
                c.status(), c.instant(), c.id(), c.operator(), c.reason());
        e.sideEffects(true);
        if (!done) {
            log.correctionDone(id);
        }
    }

    /** Runs {@code task} on the engine thread (e.g. {@code e -> e.expectSlots(a, b)}). */
    public void onEngine(Consumer<SlotEngine> task) {
        tasks.add(task);
    }

    /**
     * Re-issues on demand (see {@link jp.ami.mdms.reissue.Reissuer}) slot {@code slot} (1–48, null: the whole day) of JST
     * day {@code date} for {@code retailer} (null: all), on the engine thread, so it never races a tick. The future fails
     * with {@link IllegalArgumentException} for an unknown retailer, a bad slot or a day not finalised yet.
     */
    public java.util.concurrent.CompletableFuture<jp.ami.mdms.reissue.ReissueReport> reissueAsync(java.time.LocalDate date,
                                                                                               Integer slot, String retailer) {
        var done = new java.util.concurrent.CompletableFuture<jp.ami.mdms.reissue.ReissueReport>();
        onEngine(e -> {
            try {
                jp.ami.mdms.reissue.ReissueReport report = reissuer().reissue(e, date, slot, retailer);
                reissueCounts.add(report);
                done.complete(report);
            } catch (RuntimeException ex) {
                done.completeExceptionally(ex);
            }
        });
        return done;
    }

    /** Files handled by the re-issues run since start, by outcome. */
    public jp.ami.mdms.reissue.ReissueCounts reissueCounts() {
        return reissueCounts;
    }

    /** Re-issue requests refused by the internal API, by reason. */
    public java.util.Map<String, Long> reissueRefused() {
        return reissueRoute.refused();
    }

    /** {@link #reissueAsync}, waiting up to 10 minutes for the report. */
    public jp.ami.mdms.reissue.ReissueReport reissue(java.time.LocalDate date, Integer slot, String retailer) {
        try {
            return reissueAsync(date, slot, retailer).get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-issuing " + date, ex);
        } catch (java.util.concurrent.TimeoutException ex) {
            throw new IllegalStateException("re-issue of " + date + " did not finish within 10 minutes", ex);
        }
    }

    /** The re-issuer, made on first use (engine thread). */
    private jp.ami.mdms.reissue.Reissuer reissuer() {
        if (reissuer == null) {
            jp.ami.mdms.reissue.Reissuer.StoredRowsConnections c;
            if (store instanceof QuestDbStore q) {
                c = q::connect;
            } else if (store instanceof jp.ami.mdms.store.IlpQuestDbStore i) {
                c = i::connect;
            } else {
                throw new IllegalStateException("re-issue reads lv_30min over SQL: not available with " + store.getClass().getSimpleName());
            }
            reissuer = new jp.ami.mdms.reissue.Reissuer(config, master, store, outbox, clock, c,
                    new jp.ami.mdms.reissue.Reissuer.RevisionLog() {
                        @Override
                        public void slot(long slotIndex, int revision) {
                            log.reissueSlotRevision(slotIndex, revision, docs);
                        }

                        @Override
                        public void day(long epochDay, int revision) {
                            log.reissueDayRevision(epochDay, revision, docs);
                        }
                    });
        }
        return reissuer;
    }

    /** Announces slots to be finalised even without readings (logged, then applied on the engine thread). */
    public void expectSlots(long fromSlotIndex, long toSlotIndex) {
        expects.add(new long[]{fromSlotIndex, toSlotIndex});
    }

    /** True once the start-up replay is over and the engine runs live. */
    public boolean isLive() {
        return live;
    }

    /**
     * Seconds the MDMS is behind the journal: 0 when the last poll found nothing new, else its clock minus the
     * head-end receive time of the last document it applied (0 before the first).
     */
    public double journalLagSeconds() {
        long last = lastEventMillis;
        if (caughtUp || last == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, clock.millis() - last) / 1000.0;
    }

    /** The highest slot finalised so far (replayed from the engine log at start), {@code Long.MIN_VALUE} when none. */
    public long lastFinalizedSlot() {
        return lastFinalized;
    }

    /** The MDMS's Prometheus registry, served at {@code /metrics} on {@link #deliveryPort()}. */
    public Metrics metrics() {
        return metrics;
    }

    /** Journal documents consumed (replay included). */
    public long documentsConsumed() {
        return docs;
    }

    public EngineStats stats() {
        return engine.stats();
    }

    /** The engine, for registering listeners; call its other methods only through {@link #onEngine}. */
    public SlotEngine engine() {
        return engine;
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
        return lastError;
    }

    @Override
    public void close() {
        running = false;
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("engine thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (switches != null) {
            switches.close();
        }
        delivery.close();
        engine.close();
        log.close();
        corrections.close();
        journal.close();
        store.close();
    }
}
