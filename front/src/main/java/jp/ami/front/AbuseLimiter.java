package jp.ami.front;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared state of the abuse limits ({@link FrontConfig.Limits}): token buckets per operator and per client
 * address, and open-connection counts per address and in total. Every operation is O(1) and non-blocking
 * for other keys (a bucket is locked only by requests for the same key), so a client hitting its limit
 * costs the others nothing but the 429 answers the event loop writes.
 */
final class AbuseLimiter {
    private final FrontConfig.Limits limits;
    private final Map<String, Bucket> operatorBuckets = new ConcurrentHashMap<>();
    private final Map<InetAddress, Bucket> ipBuckets = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> connectionsPerIp = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    AbuseLimiter(FrontConfig.Limits limits) {
        this.limits = limits;
    }

    FrontConfig.Limits limits() {
        return limits;
    }

    /** Takes a connection slot for {@code address}; false (nothing taken) when a limit is reached. */
    boolean openConnection(InetAddress address) {
        if (connections.incrementAndGet() > limits.maxConnections()) {
            connections.decrementAndGet();
            return false;
        }
        AtomicInteger n = connectionsPerIp.computeIfAbsent(address, a -> new AtomicInteger());
        if (n.incrementAndGet() > limits.maxConnectionsPerIp()) {
            n.decrementAndGet();
            connections.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Returns the slot taken by {@link #openConnection}. */
    void closeConnection(InetAddress address) {
        connections.decrementAndGet();
        connectionsPerIp.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int openConnections() {
        return connections.get();
    }

    /** True when one more request from this operator at this address is within both rates (tokens are taken). */
    boolean allowRequest(String operator, InetAddress address) {
        long now = System.nanoTime();
        if (limits.ipRequestsPerSecond() > 0 && address != null
                && !ipBuckets.computeIfAbsent(address, a -> new Bucket(limits.ipBurst())).take(now,
                limits.ipRequestsPerSecond(), limits.ipBurst())) {
            return false;
        }
        return limits.operatorRequestsPerSecond() <= 0
                || operatorBuckets.computeIfAbsent(operator, o -> new Bucket(limits.operatorBurst())).take(now,
                limits.operatorRequestsPerSecond(), limits.operatorBurst());
    }

    /** Drops buckets that have refilled completely (idle keys), so the maps do not grow without bound. */
    void sweep() {
        long now = System.nanoTime();
        ipBuckets.values().removeIf(b -> b.isFull(now, limits.ipRequestsPerSecond(), limits.ipBurst()));
        operatorBuckets.values().removeIf(b -> b.isFull(now, limits.operatorRequestsPerSecond(), limits.operatorBurst()));
    }

    /** A token bucket. */
    static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int burst) {
            this.tokens = burst;
            this.last = System.nanoTime();
        }

        synchronized boolean take(long now, double perSecond, int burst) {
            refill(now, perSecond, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now, double perSecond, int burst) {
            refill(now, perSecond, burst);
            return tokens >= burst;
        }

        private void refill(long now, double perSecond, int burst) {
            if (now > last) {
                tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
                last = now;
            }
        }
    }
}
