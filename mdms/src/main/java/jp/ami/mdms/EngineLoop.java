package jp.ami.mdms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jp.ami.journal.ReadingBatch;
import jp.ami.journal.ReadingLog;
import jp.ami.journal.ReadingLogReader;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.supply.SwitchFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine thread ({@code mdms-engine}) and the engine it drives: restores the snapshot, skips the journal documents
 * it covers, replays the rest with the {@link EngineLog} events at their document positions, then runs live —
 * between journal documents it applies pending switches, the {@link EngineInbox}'s tasks, announced slots and
 * corrections, and finalises the slots due before the next document's time (or, when idle, on the clock). A failure
 * rebuilds the engine by the same replay. See {@link MdmsServer} for the guarantees this gives.
 */
final class EngineLoop {
    /** Logs under the server's name, as before it was split, so the MDMS log reads the same. */
    private static final Logger LOG = LoggerFactory.getLogger(MdmsServer.class);

    private final Clock clock;
    private final long intervalNanos;
    private final ReadingLog journal;
    private final EngineLog log;
    private final SwitchFollower switches;
    private final EngineInbox inbox;
    private final EngineSnapshots snapshots;
    private final CorrectionDesk corrections;
    private final Supplier<SlotEngine> engines;
    private final Thread thread = new Thread(this::run, "mdms-engine");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile SlotEngine engine;
    /** The highest slot finalised so far (written by the engine thread; {@code Long.MIN_VALUE}: none). */
    private volatile long lastFinalized = Long.MIN_VALUE;
    /** Head-end receive time of the last journal document applied live, and whether the last poll found none new. */
    private volatile long lastEventMillis = Long.MIN_VALUE;
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile boolean live;
    private volatile Throwable lastError;
    private volatile long docs;

    /**
     * Makes the first engine with {@code engines} (which makes a new, empty one per call); the thread starts with
     * {@link #start}.
     *
     * @param switches the follower of a switching service, or null
     */
    EngineLoop(MdmsConfig config, Clock clock, ReadingLog journal, EngineLog log, SwitchFollower switches, EngineInbox inbox,
               EngineSnapshots snapshots, CorrectionDesk corrections, Supplier<SlotEngine> engines) {
        this.clock = clock;
        this.intervalNanos = config.finalizeInterval().toNanos();
        this.journal = journal;
        this.log = log;
        this.switches = switches;
        this.inbox = inbox;
        this.snapshots = snapshots;
        this.corrections = corrections;
        this.engines = engines;
        this.engine = newEngine();
    }

    void start() {
        thread.start();
    }

    /** Stops the thread, waiting up to 30 s for it (the engine itself stays open). */
    void stop() {
        running = false;
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("engine thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new engine, with the listeners of the current one, which it closes. */
    private SlotEngine newEngine() {
        SlotEngine e = engines.get();
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
                    LockSupport.parkNanos(intervalNanos);
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
            EngineSnapshots.Position pos = snapshots.restore(engine, () -> engine = newEngine()); // a partly restored engine is discarded
            final SlotEngine e = engine;
            if (pos != null) {
                skip(tailer, batch, pos.documents());
                consumed = pos.documents();
                docs = consumed;
                next = (int) pos.events();
            }
            consumed = replay(e, tailer, batch, events, next, consumed);
            live = true;
            runLive(e, tailer, batch, consumed, nextCheck);
        }
    }

    /**
     * Skips the {@code count} journal documents a snapshot covers (a remote journal's poll may come back empty while it
     * fetches: gives up only after a while without progress).
     */
    private void skip(ReadingLogReader tailer, ReadingBatch batch, long count) {
        long patience = journal.fetchPatience().toNanos();
        long giveUp = System.nanoTime() + patience;
        for (long skipped = 0; skipped < count; ) {
            if (tailer.poll(batch)) {
                skipped++;
                giveUp = System.nanoTime() + patience;
            } else if (System.nanoTime() - giveUp >= 0) {
                throw new IllegalStateException("the journal is shorter than the snapshot (" + count + " documents)");
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    /**
     * Re-executes the logged events from index {@code next} at their document positions, reading the journal up to
     * each; returns the documents consumed when the last one is done (or the loop is stopped).
     */
    private long replay(SlotEngine e, ReadingLogReader tailer, ReadingBatch batch, List<EngineLog.Event> events, int next,
                        long consumed) {
        while (running && next < events.size()) {
            EngineLog.Event ev = events.get(next);
            if (ev.docs() <= consumed) {
                if (ev.kind() == 'E') {
                    e.expectSlots(ev.a(), ev.b());
                } else if (ev.kind() == 'C') {
                    corrections.replay(e, ev.a());
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
        return consumed;
    }

    /** The live loop: hand-offs, then the next journal document (after the ticks due before it), until stopped. */
    private void runLive(SlotEngine e, ReadingLogReader tailer, ReadingBatch batch, long consumed, long nextCheck) {
        long interval = intervalNanos;
        boolean pending = false; // a polled document waits for a tick the switch horizon holds
        while (running) {
            if (switches != null) {
                switches.applyPending(lastFinalized);
            }
            for (Consumer<SlotEngine> task = inbox.pollTask(); task != null; task = inbox.pollTask()) {
                Consumer<SlotEngine> t = task;
                runSafely(() -> t.accept(e));
            }
            for (long[] x = inbox.pollExpect(); x != null; x = inbox.pollExpect()) {
                log.expect(x[0], x[1], consumed);
                e.expectSlots(x[0], x[1]);
            }
            for (PendingCorrection c = inbox.pollCorrection(); c != null; c = inbox.pollCorrection()) {
                corrections.apply(e, c, consumed);
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
            snapshots.write(e, consumed);
        }
        return all;
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

    /** The current engine (replaced when rebuilt by replay). */
    SlotEngine engine() {
        return engine;
    }

    /** True once the start-up replay is over and the engine runs live. */
    boolean isLive() {
        return live;
    }

    /** See {@link MdmsServer#journalLagSeconds()}. */
    double journalLagSeconds() {
        long last = lastEventMillis;
        if (caughtUp || last == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, clock.millis() - last) / 1000.0;
    }

    /** The highest slot finalised so far, {@code Long.MIN_VALUE} when none. */
    long lastFinalizedSlot() {
        return lastFinalized;
    }

    /** Journal documents consumed (replay included). */
    long documentsConsumed() {
        return docs;
    }

    /** The last error the engine thread logged, or null. */
    Throwable lastError() {
        return lastError;
    }
}
