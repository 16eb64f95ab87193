package jp.ami.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.ami.retailer.RemoteFile;
import jp.ami.retailer.RetailerClient;

/**
 * The end of a slot's finalisation phase as the retailers see it: each retailer polls its file list through the
 * front (every 50 ms, all retailers at once, as they would) until it holds all of the slot's files.
 */
final class FrontListing {
    private FrontListing() {
    }

    /** When each retailer's list first held all its files (seconds after cut-off), and the list calls made. */
    record Listed(Map<String, Double> atSeconds, long calls, double meanMillis, double maxMillis) {
    }

    /**
     * Polls until every retailer in {@code files} lists all of its names.
     *
     * @param t0 {@link System#nanoTime()} at the cut-off, the origin of {@link Listed#atSeconds()}
     */
    static Listed await(Map<String, RetailerClient> clients, Map<String, Set<String>> files, long t0)
            throws Exception {
        Map<String, Double> at = new java.util.concurrent.ConcurrentSkipListMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder callNanos = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, files.size()));
        try {
            List<java.util.concurrent.Future<?>> polls = new ArrayList<>();
            for (var e : files.entrySet()) {
                RetailerClient client = clients.get(e.getKey());
                polls.add(pool.submit(() -> {
                    while (true) {
                        long c0 = System.nanoTime();
                        Set<String> listed = new java.util.HashSet<>();
                        for (RemoteFile f : client.list()) {
                            listed.add(f.name());
                        }
                        long c1 = System.nanoTime();
                        calls.increment();
                        callNanos.add(c1 - c0);
                        slowest.accumulateAndGet(c1 - c0, Math::max);
                        if (listed.containsAll(e.getValue())) {
                            at.put(e.getKey(), E2eResult.round((c1 - t0) / 1e9));
                            return null;
                        }
                        if (c1 > deadline) {
                            throw new IllegalStateException("files of " + e.getKey() + " not listed by the front: " + e.getValue());
                        }
                        Thread.sleep(50); // polling the front, as a retailer would
                    }
                }));
            }
            for (var f : polls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Listed(new LinkedHashMap<>(at), calls.sum(), E2eResult.round(callNanos.sum() / 1e6 / Math.max(1, calls.sum())),
                E2eResult.round(slowest.get() / 1e6));
    }
}
