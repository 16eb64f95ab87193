package jp.ami.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.mdms.slots.FilePublishedListener;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;

/**
 * The files the MDMS published during the demo, heard from its engine: how many, how many per retailer, and the
 * delivery latency of each slot's first issue.
 */
final class PublishedFiles implements FilePublishedListener {
    private final DeliveryLatency latency = new DeliveryLatency();
    private final Map<String, AtomicLong> filesPerRetailer = new TreeMap<>();
    private final AtomicLong filesPublished = new AtomicLong();

    @Override
    public void filePublished(OperatorCode retailer, String name, long slotIndex, long size, Instant publishedAt) {
        if (name.startsWith("W41110") && name.startsWith("00", 18)) {
            // delivery latency counts a slot's first issue; re-issued revisions and per-day files come later by design
            latency.record(Duration.between(Slots.end(slotIndex), publishedAt));
        }
        filesPublished.incrementAndGet();
        synchronized (filesPerRetailer) {
            filesPerRetailer.computeIfAbsent(retailer.value(), k -> new AtomicLong()).incrementAndGet();
        }
    }

    DeliveryLatency latency() {
        return latency;
    }

    long published() {
        return filesPublished.get();
    }

    /** Files published so far per retailer code, in code order. */
    Map<String, Long> perRetailer() {
        Map<String, Long> perRetailer = new TreeMap<>();
        filesPerRetailer.forEach((k, v) -> perRetailer.put(k, v.get()));
        return perRetailer;
    }
}
