package jp.ami.hes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import jp.ami.model.CommPath;

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

    /** A point-in-time copy of the counters, as plain maps keyed by {@code CommPath.key()} etc., for JSON. */
    public record Snapshot(
            long batches,
            Map<String, Long> batchesByTransport,
            Map<String, Long> framesReceived,
            Map<String, Long> framesJournaled,
            long duplicatesDropped,
            Map<String, Long> rejected,
            long overloadedBatches) {
    }

    void batch(Transport transport) {
        batchesByTransport.incrementAndGet(transport.ordinal());
    }

    void received(CommPath path, int n) {
        if (n > 0) {
            received.addAndGet(path.ordinal(), n);
        }
    }

    void journaled(CommPath path, int n) {
        if (n > 0) {
            journaled.addAndGet(path.ordinal(), n);
        }
    }

    void duplicates(int n) {
        if (n > 0) {
            duplicates.addAndGet(0, n);
        }
    }

    void rejected(RejectReason reason, int n) {
        if (n > 0) {
            rejected.addAndGet(reason.ordinal(), n);
        }
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
        return new Snapshot(batches(), byTransport, rec, jour, duplicatesDropped(), rej, overloaded.get(0));
    }
}
