package jp.ami.front;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the front served, for its metrics: TLS handshakes (completed or failed), requests by response status
 * ({@code 0}: the client went away before a response started) and response body bytes sent to clients. Counted
 * once per handshake and once per request ({@link AuditLog#log}); thread-safe.
 */
public final class TrafficCounters {
    private final LongAdder handshakesOk = new LongAdder();
    private final LongAdder handshakesFailed = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder bytesOut = new LongAdder();

    void handshake(boolean ok) {
        (ok ? handshakesOk : handshakesFailed).increment();
    }

    void request(int status, long bytes) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (bytes > 0) {
            bytesOut.add(bytes);
        }
    }

    /** TLS handshakes that completed (the client may still be refused afterwards, e.g. a revoked certificate). */
    public long handshakesCompleted() {
        return handshakesOk.sum();
    }

    /** TLS handshakes that failed (no, untrusted, expired or revoked certificate, protocol errors, timeouts). */
    public long handshakesFailed() {
        return handshakesFailed.sum();
    }

    /** Requests answered so far by status code, in code order. */
    public Map<Integer, Long> requestsByStatus() {
        Map<Integer, Long> out = new TreeMap<>();
        byStatus.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Response body bytes sent to clients. */
    public long bytesOut() {
        return bytesOut.sum();
    }
}
