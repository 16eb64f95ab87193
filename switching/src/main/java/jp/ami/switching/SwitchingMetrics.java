package jp.ami.switching;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import jp.ami.service.metrics.Metrics;

/**
 * The switching service's Prometheus metrics ({@code ami_switching_…}, meanings in {@code docs/metrics.md}):
 * applications by interface and status counted at scrape time from the service's state, the matching batches and
 * how long each took.
 */
final class SwitchingMetrics {
    private SwitchingMetrics() {
    }

    static void register(Metrics metrics, SwitchingService service) {
        PrometheusRegistry r = metrics.registry();
        GaugeWithCallback.builder().name("ami_switching_applications")
                .help("Applications held, by creating interface (IF_10610 …) and status (PROCESSING, OK, NG, CHANGED, CANCELLED).")
                .labelNames("interface", "status").callback(cb -> {
                    Map<ApplicationType, long[]> counts = new EnumMap<>(ApplicationType.class);
                    for (ApplicationType t : ApplicationType.values()) {
                        counts.put(t, new long[Status.values().length]);
                    }
                    for (Application a : service.all()) {
                        counts.get(a.type())[a.status().ordinal()]++;
                    }
                    counts.forEach((type, byStatus) -> {
                        for (Status s : Status.values()) {
                            cb.call(byStatus[s.ordinal()], type.code(), s.name());
                        }
                    });
                }).register(r);
        CounterWithCallback.builder().name("ami_switching_matching_batches_total").help("Matching batches run since start.")
                .callback(cb -> cb.call(service.batches())).register(r);
        CounterWithCallback.builder().name("ami_switching_journal_events_total").help("Events in the switching journal (replayed and new).")
                .callback(cb -> cb.call(service.events())).register(r);
        Histogram duration = Histogram.builder().name("ami_switching_matching_batch_duration_seconds")
                .help("Wall-clock duration of each matching batch run, journal write included.")
                .classicOnly().classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30)
                .register(r);
        service.onMatchingBatch(duration::observe);
    }
}
