package jp.ami.mdms;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.delivery.DeliveryService;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.EngineStats;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.store.ValueStore;
import jp.ami.mdms.xml.SlotFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MDMS process, wired by constructor: embedded {@link QuestDbStore}, {@link SlotEngine}, {@link Outbox},
 * {@link DeliveryService}, and one engine thread ({@code mdms-engine}) that tails the journal with the named
 * tailer {@link MdmsConfig#tailerName()} and, every {@link MdmsConfig#finalizeInterval()} (real time), calls
 * {@link SlotEngine#finalizeDue} with {@code clock.instant()} — the clock may be a {@code SimulatedClock}.
 * All engine calls happen on that thread; other threads hand work to it with {@link #onEngine}.
 */
public final class MdmsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MdmsServer.class);

    private final MdmsConfig config;
    private final Clock clock;
    private final MasterData master;
    private final ValueStore store;
    private final Outbox outbox;
    private final SlotEngine engine;
    private final DeliveryService delivery;
    private final Journal journal;
    private final Thread thread;
    private final Queue<Consumer<SlotEngine>> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable lastError;

    /** Loads the master data from {@link MdmsConfig#masterDataFile()} and starts everything. */
    public MdmsServer(MdmsConfig config, Clock clock) {
        this(config, MasterData.load(config.masterDataFile()), clock);
    }

    /** Starts everything over already-loaded master data. */
    public MdmsServer(MdmsConfig config, MasterData master, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.master = master;
        String[] codes = new String[ValueStatus.values().length];
        for (ValueStatus s : ValueStatus.values()) {
            codes[s.ordinal()] = s.code(config);
        }
        try {
            Files.createDirectories(config.dataDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.store = new QuestDbStore(config.questDbRoot(), config.questDbHttpPort(), config.questDbPgPort(), codes);
        Outbox ob = null;
        DeliveryService ds = null;
        Journal j = null;
        try {
            ob = Outbox.open(config.outboxDir());
            ds = new DeliveryService(ob, config.deliveryPort());
            j = Journal.open(config.journalDir());
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
        this.engine = new SlotEngine(config, master, store, new SlotFileWriter(config), outbox, clock);
        this.thread = new Thread(this::run, "mdms-engine");
        thread.start();
        LOG.info("MDMS started: {} supply points, delivery on 127.0.0.1:{}, QuestDB console http://127.0.0.1:{} PG {}",
                master.size(), delivery.port(), config.questDbHttpPort(), config.questDbPgPort());
    }

    private void run() {
        ReadingBatch batch = new ReadingBatch(1024);
        long interval = config.finalizeInterval().toNanos();
        long nextCheck = System.nanoTime();
        try (JournalTailer tailer = journal.tailer(config.tailerName())) {
            while (running) {
                for (Consumer<SlotEngine> task = tasks.poll(); task != null; task = tasks.poll()) {
                    Consumer<SlotEngine> t = task;
                    runSafely(() -> t.accept(engine));
                }
                boolean got = false;
                try {
                    got = tailer.poll(batch);
                    if (got) {
                        engine.accept(batch);
                    }
                } catch (RuntimeException e) {
                    fail("journal batch", e);
                }
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    runSafely(() -> engine.finalizeDue(clock.instant()));
                    nextCheck = now + interval;
                }
                if (!got) {
                    LockSupport.parkNanos(Math.min(interval, TimeUnit.MILLISECONDS.toNanos(2)));
                }
            }
        } finally {
            stopped.countDown();
        }
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

    /** Runs {@code task} on the engine thread (e.g. {@code e -> e.expectSlots(a, b)}). */
    public void onEngine(Consumer<SlotEngine> task) {
        tasks.add(task);
    }

    /** Announces slots to be finalised even without readings (runs on the engine thread). */
    public void expectSlots(long fromSlotIndex, long toSlotIndex) {
        onEngine(e -> e.expectSlots(fromSlotIndex, toSlotIndex));
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
        delivery.close();
        journal.close();
        store.close();
    }
}
