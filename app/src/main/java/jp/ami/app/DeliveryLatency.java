package jp.ami.app;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Delivery latency on the simulated clock: from the end of a slot to the moment a retailer's file for it
 * could be downloaded, one sample per published file. Recorded in seconds with HdrHistogram; files are
 * published when the slot is finalised, not on a request schedule, so there is no coordinated omission to
 * correct here (the end-to-end benchmark, which drives load on a schedule, corrects for it).
 */
public final class DeliveryLatency {
    public static final Duration BUDGET = Duration.ofMinutes(60);
    private final Histogram histogram = new Histogram(7 * 24 * 3600L, 3);
    private long withinBudget;

    public synchronized void record(Duration latency) {
        long s = Math.max(0, latency.toSeconds());
        histogram.recordValue(Math.min(s, histogram.getHighestTrackableValue()));
        if (latency.compareTo(BUDGET) <= 0) {
            withinBudget++;
        }
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    public synchronized double percentileMinutes(double p) {
        return histogram.getTotalCount() == 0 ? 0 : round1(histogram.getValueAtPercentile(p) / 60.0);
    }

    public synchronized double maxMinutes() {
        return histogram.getTotalCount() == 0 ? 0 : round1(histogram.getMaxValue() / 60.0);
    }

    /** Share of files delivered within the 60-minute budget, 0.0–1.0. */
    public synchronized double withinBudgetShare() {
        return histogram.getTotalCount() == 0 ? 0 : (double) withinBudget / histogram.getTotalCount();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
