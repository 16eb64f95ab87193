package jp.ami.mdms;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.mdms.slots.FilePublishedListener;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;

/**
 * Delivery latency, heard from the engine: for every slot's first-issue per-slot file (W41110, revision 00), the time
 * from the slot's end until the file was in the retailer's outbox, i.e. downloadable ({@code ami_delivery_latency_seconds},
 * a histogram on the engine's clock), and how many of those were within the {@value #BUDGET_MINUTES}-minute budget.
 * Re-issued revisions and per-day files come later by design and are not counted. One observation per file, on
 * the engine thread: nothing per reading.
 */
final class DeliveryMetrics implements FilePublishedListener {
    static final int BUDGET_MINUTES = 60;
    private static final Duration BUDGET = Duration.ofMinutes(BUDGET_MINUTES);

    private final Histogram latency;
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong withinBudget = new AtomicLong();

    DeliveryMetrics(PrometheusRegistry registry) {
        latency = Histogram.builder().name("ami_delivery_latency_seconds")
                .help("Slot end to first-issue file downloadable (W41110 revision 00), per file, on the MDMS clock.")
                .classicOnly()
                .classicUpperBounds(5 * 60, 10 * 60, 15 * 60, 20 * 60, 25 * 60, 30 * 60, 40 * 60, 50 * 60, 60 * 60,
                        90 * 60, 120 * 60, 240 * 60, 24 * 3600)
                .register(registry);
    }

    /** First-issue per-slot files published so far. */
    long files() {
        return files.get();
    }

    /** Share of them downloadable within the budget; 1 when there was none yet. */
    double withinBudgetRatio() {
        long n = files.get();
        return n == 0 ? 1.0 : (double) withinBudget.get() / n;
    }

    @Override
    public void filePublished(OperatorCode retailer, String fileName, long slotIndex, long sizeBytes, Instant publishedAt) {
        if (!fileName.startsWith("W41110") || !fileName.startsWith("00", 18)) {
            return;
        }
        Duration d = Duration.between(Slots.end(slotIndex), publishedAt);
        latency.observe(Math.max(0, d.toMillis()) / 1000.0);
        files.incrementAndGet();
        if (d.compareTo(BUDGET) <= 0) {
            withinBudget.incrementAndGet();
        }
    }
}
