package jp.ami.hes;

import org.slf4j.Logger;

/**
 * Logs at most one warning per key per interval (real time), with the number suppressed since the last one,
 * so a flood of bad frames cannot flood the log. Not thread-safe (used from the ingest thread).
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final long[] lastNanos;
    private final long[] suppressed;

    RateLimitedLog(Logger log, int keys, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.lastNanos = new long[keys];
        this.suppressed = new long[keys];
        java.util.Arrays.fill(lastNanos, Long.MIN_VALUE);
    }

    void warn(int key, String format, Object a, Object b, Object c) {
        long now = System.nanoTime();
        if (lastNanos[key] != Long.MIN_VALUE && now - lastNanos[key] < intervalNanos) {
            suppressed[key]++;
            return;
        }
        long s = suppressed[key];
        lastNanos[key] = now;
        suppressed[key] = 0;
        if (log.isWarnEnabled()) {
            log.warn(format + (s > 0 ? " (" + s + " similar suppressed)" : ""), a, b, c);
        }
    }
}
