package jp.ami.hes;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.BatchReader;
import jp.ami.protocol.batch.BatchResult;
import jp.ami.protocol.echonet.DecodeResult;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingDecoder;
import jp.ami.protocol.envelope.Envelope;
import jp.ami.protocol.envelope.EnvelopeOpener;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.envelope.OpenResult;
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
 */
public final class IngestPath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPath.class);
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    /** Largest directory range whose meters get direct (offset) indices instead of hash-table ones. */
    static final long MAX_DENSE_METERS = 1L << 30;
    /** Readings stamped longer ago than this (32 slots, the boundary window) on the head-end's clock are TOO_OLD. */
    static final long MAX_READING_AGE_SECONDS = (long) ReplayWindow.WIDTH * jp.ami.model.Slots.SECONDS_PER_SLOT;

    private final MeterDirectory directory;
    private final Journal journal;
    private final Clock clock;
    private final IngestStats stats;
    private final IngestQueue queue;
    /** AES-GCM on the submitting threads. */
    private final PreOpener preOpener;

    // owned by the ingest thread
    private final BatchReader reader = new BatchReader();
    private final EnvelopeOpener opener;
    private final MeterReading reading = new MeterReading();
    private final ByteBuffer plaintext = ByteBuffer.allocate(Envelope.MAX_PAYLOAD);
    private final ReadingBatch batch = new ReadingBatch(256);
    /** Meter ID → dense index into {@link #state}. */
    private final MeterIndex meterIndex;
    /** Per meter (by dense index): replay window, 0xEA/0xEB boundary windows, learned route. */
    private final MeterStateTable state;
    private final CollectionStats collection = new CollectionStats();
    private final CollectionTracker tracker;
    private final int[] rejectedInBatch = new int[RejectReason.values().length];
    private final RateLimitedLog rejectLog = new RateLimitedLog(LOG, RejectReason.values().length, LOG_INTERVAL_NANOS);
    private JournalAppender appender;
    private long currentRoute;
    private int currentRouteId;
    /** The current batch's pre-opened envelopes (ingest thread). */
    private PreOpened pre;
    private int duplicateReadings;
    /** Set by {@link #admit}: the frame was dropped as a duplicate. */
    private boolean duplicate;
    /** Set by {@link #admit}: why the payload did not decode, for the log. */
    private DecodeResult lastDecode;

    public IngestPath(MeterDirectory directory, MeterKeys keys, Journal journal, Clock clock) {
        this(directory, keys, journal, clock, new IngestStats(), DEFAULT_QUEUE_CAPACITY, 1 << 16);
    }

    /**
     * @param queueCapacity   batches waiting for the ingest thread before new ones get {@code OVERLOADED_RETRY}
     * @param expectedMeters  initial capacity of the per-meter state when the directory is not a dense ID range
     *                        ({@link MeterDirectory#denseFirst()}; a dense range is sized from the directory); it grows
     */
    public IngestPath(MeterDirectory directory, MeterKeys keys, Journal journal, Clock clock, IngestStats stats,
                      int queueCapacity, int expectedMeters) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.opener = new EnvelopeOpener(Objects.requireNonNull(keys, "keys"));
        this.preOpener = new PreOpener(directory, keys);
        long rangeFirst = directory.denseFirst();
        long rangeCount = rangeFirst > 0 ? directory.size() : 0;
        int dense = rangeCount > 0 && rangeCount <= MAX_DENSE_METERS ? (int) rangeCount : 0;
        this.meterIndex = new MeterIndex(dense > 0 ? rangeFirst : 0, dense, dense > 0 ? 1024 : Math.max(16, expectedMeters));
        this.state = new MeterStateTable(dense > 0 ? dense + 64 : Math.max(16, expectedMeters));
        this.tracker = new CollectionTracker(directory, meterIndex, state, collection, stats);
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

    /** Ingest thread only: whether the meter's 0xEA reading for the boundary closing {@code slotIndex} was journaled. */
    boolean hasReading(long meterId, long slotIndex) {
        return tracker.hasReading(meterId, slotIndex);
    }

    /** Ingest thread only: the meter's learned route {@code path << 32 | sourceId}, or 0 when unknown. */
    long route(long meterId) {
        return tracker.route(meterId);
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
                    this.pre = null;
                    preOpener.recycle(pre);
                }
                result.complete(ack);
            })) {
                return result;
            }
            preOpener.recycle(pre);
        }
        stats.overloaded();
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

    private AckFrame ingestOnThisThread(ByteBuffer frame, Transport transport, PreOpened pre) {
        this.pre = pre;
        stats.batch(transport);
        BatchResult structure = reader.of(frame);
        if (structure != BatchResult.OK) {
            stats.rejected(RejectReason.MALFORMED_BATCH, 1);
            rejectLog.warn(RejectReason.MALFORMED_BATCH.ordinal(), "malformed batch over {}: {} ({} bytes)",
                    transport.key(), structure, frame.remaining());
            return AckFrame.malformed(reader.batchSeq());
        }
        CommPath path = reader.path();
        long receivedMillis = clock.millis();
        int duplicates = 0;
        duplicateReadings = 0;
        tracker.beginBatch();
        batch.clear();
        state.beginBatch();
        currentRoute = ((long) path.code() << 32) | reader.sourceId();
        currentRouteId = state.routeId(currentRoute);
        java.util.Arrays.fill(rejectedInBatch, 0);

        while (reader.next()) {
            RejectReason reject = admit(path, receivedMillis, reader.visited() - 1);
            if (reject == null) {
                if (duplicate) {
                    duplicates++;
                }
                continue;
            }
            rejectedInBatch[reject.ordinal()]++;
            rejectLog.warn(reject.ordinal(), "rejected frame from meter {} ({}): {}", opener.meterId(),
                    path.key(), reject == RejectReason.BAD_PAYLOAD ? lastDecode : reject);
        }

        int accepted = batch.size();
        try {
            if (accepted > 0) {
                appender().append(batch);
            }
        } catch (RuntimeException e) {
            state.rollback();
            LOG.error("journal append failed; batch {} from source {} answered OVERLOADED_RETRY", reader.batchSeq(),
                    reader.sourceId(), e);
            stats.overloaded();
            return AckFrame.overloaded(reader.batchSeq());
        }
        tracker.journaled(batch, path, currentRoute);
        stats.duplicateReadings(duplicateReadings);
        int rejected = 0;
        for (RejectReason r : REASONS) {
            rejected += rejectedInBatch[r.ordinal()];
            stats.rejected(r, rejectedInBatch[r.ordinal()]);
        }
        stats.received(path, reader.count());
        stats.journaled(path, accepted);
        stats.duplicates(duplicates);
        return AckFrame.journaled(reader.batchSeq(), accepted, duplicates, rejected);
    }


    /**
     * Checks one envelope and, when good, adds its record to {@link #batch}.
     *
     * @return null when the frame was added or is a duplicate ({@link #duplicate} tells which), else the reason
     */
    private RejectReason admit(CommPath path, long receivedMillis, int index) {
        duplicate = false;
        OpenResult header = opener.parseHeader(reader.buffer(), reader.envelopeOffset(), reader.envelopeLength());
        switch (header) {
            case OK -> { }
            case BAD_VERSION -> {
                return RejectReason.BAD_VERSION;
            }
            case TOO_LARGE -> {
                return RejectReason.PAYLOAD_TOO_LARGE;
            }
            default -> {
                return RejectReason.MALFORMED_ENVELOPE;
            }
        }
        long meter = opener.meterId();
        if (!directory.isKnown(meter)) {
            return RejectReason.UNKNOWN_METER;
        }
        long counter = opener.frameCounter();
        int m = meterIndex.indexOrAdd(meter);
        state.ensure(m);
        long window = state.window(m);
        int seen = ReplayWindow.check(window, counter);
        if (seen == ReplayWindow.DUPLICATE) {
            duplicate = true;
            return null;
        }
        if (seen == ReplayWindow.STALE) {
            return RejectReason.STALE_COUNTER;
        }
        plaintext.clear();
        if (pre != null) {
            if (!pre.ok[index]) {
                return RejectReason.BAD_TAG;
            }
            plaintext.put(pre.plain, pre.offset[index], pre.length[index]);
        } else if (opener.open(plaintext) != OpenResult.OK) {
            return RejectReason.BAD_TAG;
        }
        plaintext.flip();
        lastDecode = MeterReadingDecoder.decode(plaintext, reading);
        if (lastDecode == DecodeResult.UNSUPPORTED_ESV && plaintext.remaining() >= EchonetLite.HEADER_LENGTH
                && (plaintext.get(10) & 0xFF) == EchonetLite.ESV_GET_SNA) {
            // an authentic "cannot supply" answer to a re-collection: counted, nothing to journal
            state.setWindow(m, ReplayWindow.mark(window, counter));
            tracker.getSna(meter);
            duplicate = true;
            return null;
        }
        if (lastDecode != DecodeResult.OK) {
            return RejectReason.BAD_PAYLOAD;
        }
        if (reading.coefficient() > Integer.MAX_VALUE) {
            lastDecode = DecodeResult.BAD_PROPERTY;
            return RejectReason.BAD_PAYLOAD;
        }
        state.setWindow(m, ReplayWindow.mark(window, counter));
        long t = reading.readingEpochSecond();
        if (t < receivedMillis / 1000 - MAX_READING_AGE_SECONDS) {
            // older than the boundary window on our clock: a replayed recording (also for a meter we have no state for)
            return RejectReason.TOO_OLD;
        }
        if (jp.ami.model.Slots.isBoundary(t)) {
            // one reading per (meter, boundary): a late INF after a re-collection, or a second answer, is dropped
            long boundary = t / jp.ami.model.Slots.SECONDS_PER_SLOT;
            int direction = reading.direction().code();
            long bw = state.boundary(m, direction);
            int seenBoundary = ReplayWindow.check(bw, boundary);
            if (seenBoundary == ReplayWindow.DUPLICATE) {
                duplicate = true;
                duplicateReadings++;
                return null;
            }
            if (seenBoundary == ReplayWindow.STALE) {
                return RejectReason.TOO_OLD;
            }
            state.setBoundary(m, direction, ReplayWindow.mark(bw, boundary));
        }
        state.setRoute(m, currentRouteId);
        int flags = reading.esv() == EchonetLite.ESV_GET_RES ? ReadingBatch.FLAG_RECOLLECTED : 0;
        batch.add(meter, reading.readingEpochSecond(), reading.register(), receivedMillis, (int) reading.coefficient(),
                counter, reading.unitCode(), reading.digits(), path.code(), reading.direction().code(), flags);
        return null;
    }

    private JournalAppender appender() {
        if (appender == null) {
            appender = journal.appender();
        }
        return appender;
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
