package jp.ami.hes;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.ami.journal.JournalUnavailableException;
import jp.ami.journal.ReadingBatch;
import jp.ami.journal.ReadingLog;
import jp.ami.journal.ReadingLogAppender;
import jp.ami.journal.ReadingLogReader;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.batch.BatchResult;
import jp.ami.protocol.envelope.MeterKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one transport-neutral ingest path: TCP and CoAP adapters hand it a batch frame and the transport it came
 * on, and get back the {@link AckFrame} to send.
 *
 * <p>For each envelope of a structurally valid batch, in order:
 * <ol>
 *   <li>parse the envelope header (no crypto) — else {@link RejectReason#MALFORMED_ENVELOPE} etc.;</li>
 *   <li>the meter must be in the {@link MeterDirectory} — else {@link RejectReason#UNKNOWN_METER};</li>
 *   <li>the frame counter is checked against the meter's {@link ReplayWindow} (accepted counters, including
 *       those already taken from this batch): already seen → a <em>duplicate</em> (normal after a resend), dropped
 *       and counted; older than the window → {@link RejectReason#STALE_COUNTER}; otherwise new, even when it
 *       arrives after a later frame (late and reordered readings are normal on the A-route);</li>
 *   <li>verify and decrypt (AES-128-GCM) — else {@link RejectReason#BAD_TAG};</li>
 *   <li>decode the ECHONET Lite reading — else {@link RejectReason#BAD_PAYLOAD}; an authentic Get_SNA (0x52,
 *       a re-collection the meter cannot answer) is counted and dropped;</li>
 *   <li>the reading must not be older than 16 hours on our clock — else {@link RejectReason#TOO_OLD} (a replayed
 *       recording, caught even for a meter the head-end holds no counter state for);</li>
 *   <li>one reading per (meter, slot boundary): a boundary already journaled (a late push after its
 *       re-collection, a second answer) is dropped as a duplicate; readings not on a boundary (clock skew) are
 *       journaled for the MDMS to flag but do not count as the boundary's reading, which is then re-collected;</li>
 *   <li>add a journal record, received time from the injected {@link Clock} (one reading per batch).</li>
 * </ol>
 * Then the whole batch is appended to the journal as one document, <em>then</em> the ack is returned: an ack never
 * covers a frame that is not durably journaled. The per-meter state (counter and boundary windows, route) is
 * updated while the batch is checked, with an undo log: a journal failure rolls it back to where it was before the
 * batch, so the counters are as if the batch never arrived (the sender's resend will be accepted). The counter of
 * every authentic frame of a journaled batch is kept, also of one dropped after the tag check (a Get_SNA, a second
 * reading for a boundary, {@code TOO_OLD}): its resend is a duplicate.
 *
 * <p>Threading: the AES-GCM verify-and-decrypt of every envelope runs first on the thread that calls
 * {@link #submit} (Netty workers, Californium's executor — in parallel across connections); everything stateful
 * runs on one dedicated thread ("hes-ingest"), which owns the journal appender and the per-meter state, in the
 * order above (a frame whose tag failed is reported at step 4). The queue in front of it
 * is bounded; when it is full the batch is answered at once with {@code OVERLOADED_RETRY}.
 *
 * <p>This class wires and coordinates; the work is done by one part per job: {@link PreOpener} (AES-GCM on the
 * submitting thread), {@link IngestQueue} (the bounded queue and the ingest thread), {@link BatchChecker} (the
 * per-frame steps above, into journal records and counts), {@link CollectionTracker} (re-collection bookkeeping:
 * Get_SNA slots, journaled boundary readings, the answers {@link Recollector} asks for). Here: the journal append,
 * the rollback when it fails, the batch's counters and the ack.
 */
public final class IngestPath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPath.class);
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    /** Largest directory range whose meters get direct (offset) indices instead of hash-table ones. */
    static final long MAX_DENSE_METERS = 1L << 30;

    private final MeterDirectory directory;
    private final ReadingLog journal;
    private final IngestStats stats;
    private final Clock clock;
    private final CollectionStats collection = new CollectionStats();
    /** AES-GCM on the submitting threads. */
    private final PreOpener preOpener;
    private final IngestQueue queue;
    // owned by the ingest thread
    /** Rejected frames and batches, at most one line per reason per 10 s (shared with {@link BatchChecker}). */
    /** The rate-limited log's key of the journal-full warning (after one key per reject reason). */
    private static final int JOURNAL_FULL_LOG_KEY = RejectReason.values().length;
    /** The rate-limited log's key of the journal-unavailable warning (a Kafka journal that did not take a batch). */
    private static final int JOURNAL_DOWN_LOG_KEY = JOURNAL_FULL_LOG_KEY + 1;
    private final RateLimitedLog rejectLog = new RateLimitedLog(LOG, JOURNAL_DOWN_LOG_KEY + 1, LOG_INTERVAL_NANOS);
    private final BatchChecker checker;
    private final CollectionTracker tracker;
    private final SilentMeterScan silentScan;
    /** The boundaries still missing after their final scan, for the next-day bulk pull. */
    private final MissingHistory missingHistory = new MissingHistory();
    private ReadingLogAppender appender;
    /** Free space of the journal's file system, asked before each append (no floor until {@link #journalSpace} sets one). */
    private volatile JournalSpace space = new JournalSpace(() -> Long.MAX_VALUE, 0);

    public IngestPath(MeterDirectory directory, MeterKeys keys, ReadingLog journal, Clock clock) {
        this(directory, keys, journal, clock, new IngestStats(), DEFAULT_QUEUE_CAPACITY, 1 << 16);
    }

    /**
     * @param queueCapacity   batches waiting for the ingest thread before new ones get {@code OVERLOADED_RETRY}
     * @param expectedMeters  initial capacity of the per-meter state when the directory is not a dense ID range
     *                        ({@link MeterDirectory#denseFirst()}; a dense range is sized from the directory); it grows
     */
    public IngestPath(MeterDirectory directory, MeterKeys keys, ReadingLog journal, Clock clock, IngestStats stats,
                      int queueCapacity, int expectedMeters) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stats = Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(keys, "keys");
        long rangeFirst = directory.denseFirst();
        long rangeCount = rangeFirst > 0 ? directory.size() : 0;
        int dense = rangeCount > 0 && rangeCount <= MAX_DENSE_METERS ? (int) rangeCount : 0;
        MeterIndex meterIndex = new MeterIndex(dense > 0 ? rangeFirst : 0, dense, dense > 0 ? 1024 : Math.max(16, expectedMeters));
        MeterStateTable state = new MeterStateTable(dense > 0 ? dense + 64 : Math.max(16, expectedMeters));
        this.tracker = new CollectionTracker(directory, meterIndex, state, collection, stats, missingHistory);
        this.checker = new BatchChecker(directory, keys, clock, meterIndex, state, tracker, rejectLog, missingHistory);
        this.silentScan = new SilentMeterScan(directory, tracker);
        this.preOpener = new PreOpener(directory, keys);
        this.queue = new IngestQueue(queueCapacity);
    }

    public IngestStats stats() {
        return stats;
    }

    /** Free places in the ingest queue (a hint for transport backpressure). */
    public int queueRemaining() {
        return queue.remaining();
    }

    /** Per-slot collection statistics (expected, first try, recovered, missing per path/area/source). */
    public CollectionStats collection() {
        return collection;
    }

    MeterDirectory directory() {
        return directory;
    }

    /**
     * Runs {@code task} on the ingest thread (which owns the per-meter state read by {@link #hasReading} and
     * {@link #route}); false when the queue is full (try again later).
     */
    boolean runOnIngestThread(Runnable task) {
        return queue.offer(task);
    }

    /**
     * Before the transports start: rebuilds the per-meter state (counter and boundary windows, routes) and the kept
     * collection statistics from what the journal already holds, reading it from the start on the ingest thread.
     * A head-end started again after a crash then answers a meter's resend of a journaled frame as a duplicate and
     * refuses a replayed one as before the crash, and its re-collection does not ask meters for readings the
     * journal holds. Records older than the 16-hour window are read and passed over.
     *
     * @return the journal records whose state was taken
     */
    public long restoreFromJournal() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Runnable task = () -> {
            long taken = 0;
            long now = clock.millis() / 1000;
            long fromSlot = Slots.closedBy(now) - CollectionStats.KEEP;
            ReadingBatch b = new ReadingBatch();
            try (ReadingLogReader reader = journal.readerFromStart()) {
                while (reader.poll(b)) {
                    long route = b.sourcePath() == 0 ? 0 : Routes.of(b.sourcePath(), b.sourceId());
                    taken += checker.restore(b, route, now);
                    tracker.restored(b, route, fromSlot);
                }
                done.complete(taken);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        };
        if (!queue.offer(task)) {
            throw new IllegalStateException("the ingest queue is full before the head-end started");
        }
        return done.join();
    }

    /** Ingest thread only: whether the meter's 0xEA reading for the boundary closing {@code slotIndex} was journaled. */
    boolean hasReading(long meterId, long slotIndex) {
        return tracker.hasReading(meterId, slotIndex);
    }

    /** Ingest thread only: the readings missing after their final scan, which the next-day bulk pull asks for. */
    MissingHistory missingHistory() {
        return missingHistory;
    }

    /** Ingest thread only: where to ask the meter for readings, {@link CollectionTracker#expectedRoute}. */
    long route(long meterId) {
        return tracker.expectedRoute(meterId);
    }

    /**
     * The meters that missed the last {@code slots} boundaries up to the newest complete one (the operator's
     * worklist), at most {@code limit} of them listed. Scanned on the ingest thread, between batches; completes
     * exceptionally with {@link java.util.concurrent.RejectedExecutionException} when the ingest queue is full.
     *
     * @param slots 1 or more
     * @param limit 0 or more
     */
    public CompletableFuture<SilentMeters> silentMeters(int slots, int limit) {
        if (slots < 1 || limit < 0) {
            throw new IllegalArgumentException("slots " + slots + ", limit " + limit);
        }
        CompletableFuture<SilentMeters> result = new CompletableFuture<>();
        if (!queue.offer(() -> {
            try {
                result.complete(silentScan.scan(collection.newestComplete(), slots, limit));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        })) {
            result.completeExceptionally(new java.util.concurrent.RejectedExecutionException("ingest queue full"));
        }
        return result;
    }

    /**
     * Queues a batch frame for ingest. The frame's bytes between position and limit must stay unchanged until
     * the returned future completes (the TCP adapter releases its buffer then). The future completes on the
     * ingest thread with the ack; it completes exceptionally only on a bug, never for bad input.
     */
    public CompletableFuture<AckFrame> submit(ByteBuffer frame, Transport transport) {
        CompletableFuture<AckFrame> result = new CompletableFuture<>();
        if (queue.remaining() > 0) {
            // verify and decrypt on the caller's (transport) thread, in parallel across connections
            PreOpened pre = preOpener.open(frame);
            if (queue.offer(() -> {
                AckFrame ack;
                try {
                    ack = ingestOnThisThread(frame, transport, pre);
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                    return;
                } finally {
                    preOpener.recycle(pre);
                }
                result.complete(ack);
            })) {
                return result;
            }
            preOpener.recycle(pre);
        }
        stats.overloaded();
        stats.ack(AckStatus.OVERLOADED_RETRY);
        long seq = frame.remaining() >= 16 ? frame.getLong(frame.position() + 8) : 0;
        result.complete(AckFrame.overloaded(seq));
        return result;
    }

    /**
     * Counts a batch a transport had to refuse before it could be handed over (e.g. a TCP frame over the size
     * limit, already discarded by the frame decoder).
     */
    public void countMalformedBatch(Transport transport) {
        stats.batch(transport);
        stats.rejected(RejectReason.MALFORMED_BATCH, 1);
    }

    /** Blocking convenience around {@link #submit}. */
    public AckFrame ingest(ByteBuffer frame, Transport transport) {
        return submit(frame, transport).join();
    }

    /** Ingest thread: checks the batch, journals its records, counts it and answers it. */
    private AckFrame ingestOnThisThread(ByteBuffer frame, Transport transport, PreOpened pre) {
        stats.batch(transport);
        BatchResult structure = checker.check(frame, pre);
        if (structure != BatchResult.OK) {
            stats.rejected(RejectReason.MALFORMED_BATCH, 1);
            stats.ack(AckStatus.MALFORMED_BATCH);
            rejectLog.warn(RejectReason.MALFORMED_BATCH.ordinal(), "malformed batch over {}: {} ({} bytes)",
                    transport.key(), structure, frame.remaining());
            return AckFrame.malformed(checker.batchSeq());
        }
        ReadingBatch batch = checker.records();
        int accepted = batch.size();
        if (accepted > 0 && !space.hasRoom()) {
            undo(batch);
            stats.journalFull();
            rejectLog.warn(JOURNAL_FULL_LOG_KEY, "journal file system has {} MiB free, under the {} MiB floor: batch {} "
                    + "and the next answered OVERLOADED_RETRY (the meters resend) until space returns",
                    space.lastFreeBytes() >> 20, space.minFreeBytes() >> 20, checker.batchSeq());
            stats.overloaded();
            stats.ack(AckStatus.OVERLOADED_RETRY);
            return AckFrame.overloaded(checker.batchSeq());
        }
        try {
            if (accepted > 0) {
                appender().append(batch);
            }
        } catch (JournalUnavailableException e) {
            undo(batch);
            stats.journalUnavailable();
            rejectLog.warn(JOURNAL_DOWN_LOG_KEY, "{}: batch {} from source {} and the next answered OVERLOADED_RETRY "
                    + "(the meters resend) until the journal takes batches again", e.getMessage(), checker.batchSeq(),
                    checker.sourceId());
            stats.overloaded();
            stats.ack(AckStatus.OVERLOADED_RETRY);
            return AckFrame.overloaded(checker.batchSeq());
        } catch (RuntimeException e) {
            undo(batch);
            LOG.error("journal append failed; batch {} from source {} answered OVERLOADED_RETRY", checker.batchSeq(),
                    checker.sourceId(), e);
            stats.overloaded();
            stats.ack(AckStatus.OVERLOADED_RETRY);
            return AckFrame.overloaded(checker.batchSeq());
        }
        CommPath path = checker.path();
        tracker.journaled(batch, path, checker.route());
        stats.duplicateReadings(checker.duplicateReadings());
        stats.historyAnswered(checker.historyFilled(), checker.historyNoData());
        int rejected = 0;
        for (RejectReason r : REASONS) {
            int n = checker.rejected(r);
            rejected += n;
            stats.rejected(path, r, n);
        }
        int duplicates = checker.duplicates();
        if (duplicates > 0) {
            stats.resent();
        }
        stats.ack(AckStatus.JOURNALED);
        stats.received(path, checker.envelopes());
        stats.journaled(path, accepted);
        stats.duplicates(duplicates);
        return AckFrame.journaled(checker.batchSeq(), accepted, duplicates, rejected);
    }

    /** Forgets a checked batch that was not journaled: its readings count as never received (the meters resend). */
    private void undo(ReadingBatch batch) {
        checker.rollback();
        for (int i = 0; i < batch.size(); i++) {
            if ((batch.flags(i) & ReadingBatch.FLAG_HISTORY) != 0) {
                missingHistory.missed(batch.meterId(i), batch.readingEpochSecond(i)); // still missing
            }
        }
    }

    /** Sets the free-space floor of the journal's file system (see {@link JournalSpace}). */
    public void journalSpace(JournalSpace space) {
        this.space = java.util.Objects.requireNonNull(space, "space");
    }

    /** The free-space check in use. */
    public JournalSpace journalSpace() {
        return space;
    }

    private ReadingLogAppender appender() {
        if (appender == null) {
            appender = journal.appender(this::supplyPointKey);
        }
        return appender;
    }

    /** The first meter of {@code meterId}'s supply point (through its exchanges): one key per supply point. */
    private long supplyPointKey(long meterId) {
        long m = meterId;
        for (int hops = 0; hops < 64; hops++) { // bounded: the directory validates exchanges, this only guards a cycle
            long old = directory.replaced(m);
            if (old == 0) {
                return m;
            }
            m = old;
        }
        return m;
    }

    /** Finishes queued batches, then closes the appender (on the ingest thread). The journal is the caller's. */
    @Override
    public void close() {
        boolean finished = queue.close(() -> {
            if (appender != null) {
                appender.close();
                appender = null;
            }
        });
        if (!finished) {
            LOG.warn("ingest thread did not finish within 10 s");
        }
    }
}
