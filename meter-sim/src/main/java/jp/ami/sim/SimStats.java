package jp.ami.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;

/** What the simulator sent and what the head-end acknowledged, per path. */
public final class SimStats {
    private final AtomicLongArray framesBuilt = new AtomicLongArray(4);
    private final AtomicLongArray batchesSent = new AtomicLongArray(4);
    private final AtomicLongArray resends = new AtomicLongArray(4);
    private final AtomicLongArray accepted = new AtomicLongArray(4);
    private final AtomicLongArray duplicates = new AtomicLongArray(4);
    private final AtomicLongArray rejected = new AtomicLongArray(4);

    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> faults =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLongArray recollect = new AtomicLongArray(3);

    void fault(String kind) {
        faults.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    void recollectRequest(int items) {
        recollect.addAndGet(0, items);
    }

    void recollectAnswered(boolean withReading) {
        recollect.incrementAndGet(withReading ? 1 : 2);
    }

    /** Faults injected so far, by kind (loss, dup, reorder, late, corrupt, tamper, replay, unknown_meter, wrong_key, clock_skew, outage). */
    public Map<String, Long> faults() {
        Map<String, Long> m = new java.util.TreeMap<>();
        faults.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long faults(String kind) {
        var a = faults.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** Re-collection request items received (including items for other sources' meters). */
    public long recollectItems() {
        return recollect.get(0);
    }

    /** Re-collection answers sent: Get_Res with the reading. */
    public long recollectGetRes() {
        return recollect.get(1);
    }

    /** Re-collection answers sent: Get_SNA. */
    public long recollectGetSna() {
        return recollect.get(2);
    }

    void framesBuilt(CommPath p, int n) {
        framesBuilt.addAndGet(p.code(), n);
    }

    void batchSent(CommPath p, boolean resend) {
        batchesSent.incrementAndGet(p.code());
        if (resend) {
            resends.incrementAndGet(p.code());
        }
    }

    void acked(CommPath p, AckFrame ack) {
        accepted.addAndGet(p.code(), ack.accepted());
        duplicates.addAndGet(p.code(), ack.duplicates());
        rejected.addAndGet(p.code(), ack.rejected());
    }

    public long framesBuilt(CommPath p) {
        return framesBuilt.get(p.code());
    }

    public long accepted(CommPath p) {
        return accepted.get(p.code());
    }

    public long resends(CommPath p) {
        return resends.get(p.code());
    }

    /** Per path: frames, batches, resends, accepted, duplicates, rejected. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        for (CommPath p : CommPath.values()) {
            Map<String, Long> v = new LinkedHashMap<>();
            int c = p.code();
            v.put("frames", framesBuilt.get(c));
            v.put("batches", batchesSent.get(c));
            v.put("resends", resends.get(c));
            v.put("accepted", accepted.get(c));
            v.put("duplicates", duplicates.get(c));
            v.put("rejected", rejected.get(c));
            m.put(p.key(), v);
        }
        return m;
    }
}
