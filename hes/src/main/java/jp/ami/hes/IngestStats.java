package jp.ami.hes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckStatus;

/**
 * Ingest counters. Written by the ingest thread once per batch, read from anywhere ({@link #snapshot()}).
 */
public final class IngestStats {
    private static final CommPath[] PATHS = CommPath.values();
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final Transport[] TRANSPORTS = Transport.values();

    private final AtomicLongArray batchesByTransport = new AtomicLongArray(TRANSPORTS.length);
    private final AtomicLongArray received = new AtomicLongArray(PATHS.length);
    private final AtomicLongArray journaled = new AtomicLongArray(PATHS.length);
    private final AtomicLongArray rejected = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray duplicates = new AtomicLongArray(1);
    private final AtomicLongArray overloaded = new AtomicLongArray(1);
    private final java.util.concurrent.atomic.AtomicLong journalFull = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong journalUnavailable = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicLongArray recollected = new AtomicLongArray(PATHS.length);
    private final AtomicLongArray duplicateReadings = new AtomicLongArray(1);
    private final AtomicLongArray getSna = new AtomicLongArray(1);
    private final AtomicLongArray recollectRequested = new AtomicLongArray(1);
    private final AtomicLongArray exportJournaled = new AtomicLongArray(1);
    /** Bulk history pull: requests sent, meter-days asked, readings filled, boundaries answered "no data". */
    private final AtomicLongArray bulk = new AtomicLongArray(4);
    /** Rejections by (path, reason): index {@code path.ordinal() * REASONS + reason}; the last row is path unknown. */
    private final AtomicLongArray rejectedByPath = new AtomicLongArray((PATHS.length + 1) * REASONS.length);
    private final AtomicLongArray acks = new AtomicLongArray(AckStatus.values().length);
    private final AtomicLongArray resentBatches = new AtomicLongArray(1);

    /** A point-in-time copy of the counters, as plain maps keyed by {@code CommPath.key()} etc., for JSON. */
    public record Snapshot(
            long batches,
            Map<String, Long> batchesByTransport,
            Map<String, Long> framesReceived,
            Map<String, Long> framesJournaled,
            long duplicatesDropped,
            Map<String, Long> rejected,
            long overloadedBatches,
            Map<String, Long> recollected,
            long duplicateReadingsDropped,
            long getSnaAnswers,
            long recollectItemsRequested,
            long exportReadingsJournaled,
            BulkPull bulkPull) {
    }

    /**
     * The next-day bulk history pull: requests sent, meter-days asked, missing readings filled from the answers,
     * missing boundaries the meters answered "no data" (0xFFFFFFFE) for, and history answers rejected (malformed 0xE2).
     */
    public record BulkPull(long requests, long metersAsked, long readingsFilled, long answeredNoData, long rejected) {
    }

    /** Adds {@code n} to counter {@code index} of {@code counters}; nothing (no write) when {@code n} is not positive. */
    private static void add(AtomicLongArray counters, int index, long n) {
        if (n > 0) {
            counters.addAndGet(index, n);
        }
    }

    void bulkRequested(long requests, long meters) {
        bulk.addAndGet(0, requests);
        bulk.addAndGet(1, meters);
    }

    void historyAnswered(int filled, int noData) {
        add(bulk, 2, filled);
        add(bulk, 3, noData);
    }

    public BulkPull bulkPull() {
        return new BulkPull(bulk.get(0), bulk.get(1), bulk.get(2), bulk.get(3), rejected(RejectReason.BAD_HISTORY));
    }

    void exportJournaled(int n) {
        add(exportJournaled, 0, n);
    }

    /** 0xEB (reverse, PV export) readings journaled; included in {@link #framesJournaled}. */
    public long exportReadingsJournaled() {
        return exportJournaled.get(0);
    }

    void recollected(CommPath path, int n) {
        add(recollected, path.ordinal(), n);
    }

    void duplicateReadings(int n) {
        add(duplicateReadings, 0, n);
    }

    void getSna(int n) {
        add(getSna, 0, n);
    }

    void recollectRequested(long n) {
        add(recollectRequested, 0, n);
    }

    /** Readings journaled from re-collection answers (Get_Res), per path; included in {@link #framesJournaled}. */
    public long recollected(CommPath path) {
        return recollected.get(path.ordinal());
    }

    /** Authentic readings dropped because the (meter, boundary) was already journaled (counted in duplicatesDropped). */
    public long duplicateReadingsDropped() {
        return duplicateReadings.get(0);
    }

    public long getSnaAnswers() {
        return getSna.get(0);
    }

    /** Re-collection request items sent to sources (a broadcast item counts once per source). */
    public long recollectItemsRequested() {
        return recollectRequested.get(0);
    }

    void batch(Transport transport) {
        batchesByTransport.incrementAndGet(transport.ordinal());
    }

    void received(CommPath path, int n) {
        add(received, path.ordinal(), n);
    }

    void journaled(CommPath path, int n) {
        add(journaled, path.ordinal(), n);
    }

    void duplicates(int n) {
        add(duplicates, 0, n);
    }

    void rejected(RejectReason reason, int n) {
        rejected(null, reason, n);
    }

    /** {@code n} rejections for {@code reason} of a batch that came over {@code path} (null: unknown, e.g. malformed). */
    void rejected(CommPath path, RejectReason reason, int n) {
        if (n > 0) {
            rejected.addAndGet(reason.ordinal(), n);
            int row = path == null ? PATHS.length : path.ordinal();
            rejectedByPath.addAndGet(row * REASONS.length + reason.ordinal(), n);
        }
    }

    /** Rejections for {@code reason} of batches over {@code path}; null = path unknown (a malformed batch). */
    public long rejected(CommPath path, RejectReason reason) {
        int row = path == null ? PATHS.length : path.ordinal();
        return rejectedByPath.get(row * REASONS.length + reason.ordinal());
    }

    void ack(AckStatus status) {
        acks.incrementAndGet(status.ordinal());
    }

    /** Acks answered with {@code status} (every batch gets exactly one). */
    public long acks(AckStatus status) {
        return acks.get(status.ordinal());
    }

    void resent() {
        resentBatches.incrementAndGet(0);
    }

    /** Journaled batches holding at least one frame already journaled: resends (the ack was lost or late). */
    public long resentBatches() {
        return resentBatches.get(0);
    }

    /** Batches answered OVERLOADED_RETRY (queue full or journal failure). */
    public long overloadedBatches() {
        return overloaded.get(0);
    }

    /** Batches that arrived over {@code transport}. */
    public long batches(Transport transport) {
        return batchesByTransport.get(transport.ordinal());
    }

    /** Batches refused because the journal's file system was under its free-space floor. */
    public long journalFullBatches() {
        return journalFull.get();
    }

    void journalFull() {
        journalFull.incrementAndGet();
    }

    /** Batches refused because the journal did not take them (a Kafka journal: brokers down, too few in-sync replicas). */
    public long journalUnavailableBatches() {
        return journalUnavailable.get();
    }

    void journalUnavailable() {
        journalUnavailable.incrementAndGet();
    }

    void overloaded() {
        overloaded.incrementAndGet(0);
    }

    public long framesReceived(CommPath path) {
        return received.get(path.ordinal());
    }

    public long framesJournaled(CommPath path) {
        return journaled.get(path.ordinal());
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason.ordinal());
    }

    public long duplicatesDropped() {
        return duplicates.get(0);
    }

    public long batches() {
        long n = 0;
        for (int i = 0; i < TRANSPORTS.length; i++) {
            n += batchesByTransport.get(i);
        }
        return n;
    }

    public Snapshot snapshot() {
        Map<String, Long> byTransport = new LinkedHashMap<>();
        for (Transport t : TRANSPORTS) {
            byTransport.put(t.key(), batchesByTransport.get(t.ordinal()));
        }
        Map<String, Long> rec = new LinkedHashMap<>();
        Map<String, Long> jour = new LinkedHashMap<>();
        for (CommPath p : PATHS) {
            rec.put(p.key(), received.get(p.ordinal()));
            jour.put(p.key(), journaled.get(p.ordinal()));
        }
        Map<String, Long> rej = new LinkedHashMap<>();
        for (RejectReason r : REASONS) {
            rej.put(r.key(), rejected.get(r.ordinal()));
        }
        Map<String, Long> recol = new LinkedHashMap<>();
        for (CommPath p : PATHS) {
            recol.put(p.key(), recollected.get(p.ordinal()));
        }
        return new Snapshot(batches(), byTransport, rec, jour, duplicatesDropped(), rej, overloaded.get(0), recol,
                duplicateReadingsDropped(), getSnaAnswers(), recollectItemsRequested(), exportReadingsJournaled(),
                bulkPull());
    }
}
