package jp.ami.hes;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
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
 *   <li>decode the ECHONET Lite reading — else {@link RejectReason#BAD_PAYLOAD};</li>
 *   <li>add a journal record, received time from the injected {@link Clock} (one reading per batch).</li>
 * </ol>
 * Then the whole batch is appended to the journal as one document, <em>then</em> the per-meter counters are
 * advanced, <em>then</em> the ack is returned: an ack never covers a frame that is not durably journaled, and a
 * journal failure leaves the counters untouched (the sender's resend will be accepted).
 *
 * <p>Threading: all ingest runs on one dedicated thread ("hes-ingest"), which owns the journal appender, the
 * cipher and the counter map; transports call {@link #submit} from their own threads. The queue in front of it
 * is bounded; when it is full the batch is answered at once with {@code OVERLOADED_RETRY}.
 */
public final class IngestPath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPath.class);
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    private final MeterDirectory directory;
    private final Journal journal;
    private final Clock clock;
    private final IngestStats stats;
    private final ThreadPoolExecutor executor;

    // owned by the ingest thread
    private final BatchReader reader = new BatchReader();
    private final EnvelopeOpener opener;
    private final MeterReading reading = new MeterReading();
    private final ByteBuffer plaintext = ByteBuffer.allocate(Envelope.MAX_PAYLOAD);
    private final ReadingBatch batch = new ReadingBatch(256);
    /** Per meter: the packed {@link ReplayWindow} state of accepted counters. */
    private final LongLongMap lastAccepted;
    /** Per meter: the window state including frames taken from the batch being ingested. */
    private final LongLongMap takenInBatch = new LongLongMap(4096);
    private final int[] rejectedInBatch = new int[RejectReason.values().length];
    private final RateLimitedLog rejectLog = new RateLimitedLog(LOG, RejectReason.values().length, LOG_INTERVAL_NANOS);
    private JournalAppender appender;
    /** Set by {@link #admit}: the frame was dropped as a duplicate. */
    private boolean duplicate;
    /** Set by {@link #admit}: why the payload did not decode, for the log. */
    private DecodeResult lastDecode;

    public IngestPath(MeterDirectory directory, MeterKeys keys, Journal journal, Clock clock) {
        this(directory, keys, journal, clock, new IngestStats(), DEFAULT_QUEUE_CAPACITY, 1 << 16);
    }

    /**
     * @param queueCapacity   batches waiting for the ingest thread before new ones get {@code OVERLOADED_RETRY}
     * @param expectedMeters  initial size of the per-meter counter map (it grows)
     */
    public IngestPath(MeterDirectory directory, MeterKeys keys, Journal journal, Clock clock, IngestStats stats,
                      int queueCapacity, int expectedMeters) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.opener = new EnvelopeOpener(Objects.requireNonNull(keys, "keys"));
        this.lastAccepted = new LongLongMap(expectedMeters);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "hes-ingest");
                    t.setDaemon(true);
                    return t;
                });
    }

    public IngestStats stats() {
        return stats;
    }

    /**
     * Queues a batch frame for ingest. The frame's bytes between position and limit must stay unchanged until
     * the returned future completes (the TCP adapter releases its buffer then). The future completes on the
     * ingest thread with the ack; it completes exceptionally only on a bug, never for bad input.
     */
    public CompletableFuture<AckFrame> submit(ByteBuffer frame, Transport transport) {
        CompletableFuture<AckFrame> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(ingestOnThisThread(frame, transport));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException full) {
            stats.overloaded();
            long seq = frame.remaining() >= 16 ? frame.getLong(frame.position() + 8) : 0;
            result.complete(AckFrame.overloaded(seq));
        }
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

    private AckFrame ingestOnThisThread(ByteBuffer frame, Transport transport) {
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
        batch.clear();
        takenInBatch.clear();
        java.util.Arrays.fill(rejectedInBatch, 0);

        while (reader.next()) {
            RejectReason reject = admit(path, receivedMillis);
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
            LOG.error("journal append failed; batch {} from source {} answered OVERLOADED_RETRY", reader.batchSeq(),
                    reader.sourceId(), e);
            stats.overloaded();
            return AckFrame.overloaded(reader.batchSeq());
        }
        for (int i = 0; i < accepted; i++) {
            long meter = batch.meterId(i);
            lastAccepted.put(meter, takenInBatch.get(meter, ReplayWindow.NONE));
        }
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
    private RejectReason admit(CommPath path, long receivedMillis) {
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
        long window = takenInBatch.get(meter, ReplayWindow.NONE);
        if (window == ReplayWindow.NONE) {
            window = lastAccepted.get(meter, ReplayWindow.NONE);
        }
        int seen = ReplayWindow.check(window, counter);
        if (seen == ReplayWindow.DUPLICATE) {
            duplicate = true;
            return null;
        }
        if (seen == ReplayWindow.STALE) {
            return RejectReason.STALE_COUNTER;
        }
        plaintext.clear();
        if (opener.open(plaintext) != OpenResult.OK) {
            return RejectReason.BAD_TAG;
        }
        plaintext.flip();
        lastDecode = MeterReadingDecoder.decode(plaintext, reading);
        if (lastDecode != DecodeResult.OK) {
            return RejectReason.BAD_PAYLOAD;
        }
        if (reading.coefficient() > Integer.MAX_VALUE) {
            lastDecode = DecodeResult.BAD_PROPERTY;
            return RejectReason.BAD_PAYLOAD;
        }
        takenInBatch.put(meter, ReplayWindow.mark(window, counter));
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
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.submit(() -> {
                if (appender != null) {
                    appender.close();
                    appender = null;
                }
            });
        } catch (RejectedExecutionException ignored) {
            // queue full: the appender is closed with the journal
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("ingest thread did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
