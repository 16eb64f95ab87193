package jp.ami.bench.flood;

import org.HdrHistogram.Histogram;

/**
 * Open-loop latency of a legitimate client: one request every {@code intervalMicros}, each timed into an
 * HdrHistogram with the expected interval (coordinated omission corrected: a stall counts for every request that
 * should have been sent during it). A request that fails or is refused is counted, not timed.
 */
final class LatencyProbe {
    /** One request; returns normally when it succeeded, throws when refused or failed. */
    @FunctionalInterface
    interface Request {
        void run() throws Exception;
    }

    /** The latencies of one phase. */
    record Result(long requests, long failed, double p50Millis, double p99Millis, double maxMillis, String firstFailure) {
    }

    private LatencyProbe() {
    }

    static Result run(Request request, long intervalMicros, long seconds) throws InterruptedException {
        Histogram h = new Histogram(60_000_000L, 3);
        long failed = 0;
        String firstFailure = null;
        long requests = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long next = start;
        while (next < end) {
            long now = System.nanoTime();
            if (now < next) {
                Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
            }
            long t0 = System.nanoTime();
            try {
                request.run();
                h.recordValueWithExpectedInterval(Math.max(1, (System.nanoTime() - t0) / 1000), intervalMicros);
            } catch (Exception e) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = e.toString();
                }
            }
            requests++;
            next += intervalMicros * 1000;
        }
        return new Result(requests, failed, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0, firstFailure);
    }
}
