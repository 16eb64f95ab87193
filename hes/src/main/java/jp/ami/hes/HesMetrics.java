package jp.ami.hes;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.service.metrics.Metrics;

/**
 * The head-end's Prometheus metrics ({@code ami_hes_…}, listed with their meaning in {@code docs/metrics.md}): callbacks
 * that read {@link IngestStats} and {@link CollectionStats} at scrape time, so the ingest thread does no extra work.
 * The collection rates are taken at the head-end's {@link Clock} (in the demo the simulated one).
 */
public final class HesMetrics {
    private HesMetrics() {
    }

    /** Registers the head-end's metrics in {@code metrics}. */
    public static void register(Metrics metrics, IngestStats stats, CollectionStats collection, Clock clock, IntSupplier queueFree) {
        PrometheusRegistry r = metrics.registry();
        byLabel(r, "ami_hes_batches_total", "Batches received, by transport.",
                "transport", Transport.values(), Transport::key, stats::batches);
        byLabel(r, "ami_hes_acks_total", "Acks sent, by status (JOURNALED, MALFORMED_BATCH, OVERLOADED_RETRY).",
                "status", AckStatus.values(), AckStatus::name, stats::acks);
        metrics.counter("ami_hes_batches_resent_total",
                "Journaled batches holding frames already journaled (resends after a lost or late ack).",
                stats::resentBatches);
        perPath(r, "ami_hes_readings_received_total",
                "Reading frames received, by path.",
                stats::framesReceived);
        perPath(r, "ami_hes_readings_journaled_total",
                "Readings journaled (then acked), by path.",
                stats::framesJournaled);
        CounterWithCallback.builder().name("ami_hes_readings_rejected_total")
                .help("Frames and batches rejected, by path (unknown for a malformed batch) and reason.")
                .labelNames("path", "reason").callback(cb -> {
                    for (RejectReason reason : RejectReason.values()) {
                        for (CommPath p : CommPath.values()) {
                            cb.call(stats.rejected(p, reason), p.key(), reason.key());
                        }
                        cb.call(stats.rejected(null, reason), "unknown", reason.key());
                    }
                }).register(r);
        metrics.counter("ami_hes_readings_duplicate_total",
                "Authentic frames dropped as already journaled (resent frames, second readings for a boundary).",
                stats::duplicatesDropped);
        metrics.counter("ami_hes_readings_export_journaled_total",
                "Reverse-direction (PV export, EPC 0xEB) readings journaled; included in ami_hes_readings_journaled_total.",
                stats::exportReadingsJournaled);
        metrics.counter("ami_hes_batches_journal_full_total",
                "Batches answered OVERLOADED_RETRY because the journal's file system was under its free-space floor.",
                stats::journalFullBatches);
        metrics.counter("ami_hes_batches_journal_unavailable_total",
                "Batches answered OVERLOADED_RETRY because the journal did not take them in time (Kafka brokers down or too few in-sync replicas).",
                stats::journalUnavailableBatches);
        metrics.counter("ami_hes_batches_overloaded_total",
                "Batches answered OVERLOADED_RETRY (ingest queue full or journal failure).",
                stats::overloadedBatches);
        metrics.counter("ami_hes_recollect_requested_total",
                "Re-collection request items sent to concentrators, relays and border routers.",
                stats::recollectItemsRequested);
        perPath(r, "ami_hes_recollect_recovered_total",
                "Readings journaled from re-collection answers (Get_Res), by path.",
                stats::recollected);
        metrics.counter("ami_hes_recollect_unanswerable_total",
                "Re-collection requests a meter could not answer (Get_SNA).",
                stats::getSnaAnswers);
        metrics.counter("ami_hes_bulk_pull_requests_total",
                "Bulk history pull requests (RQ version 2) sent to concentrators, relays and border routers.",
                () -> stats.bulkPull().requests());
        metrics.counter("ami_hes_bulk_pull_meters_asked_total",
                "Meter-days asked for by the bulk history pull.",
                () -> stats.bulkPull().metersAsked());
        metrics.counter("ami_hes_bulk_pull_filled_total",
                "Missing readings journaled from bulk history answers (0xE2), flags re-collected | history.",
                () -> stats.bulkPull().readingsFilled());
        metrics.counter("ami_hes_bulk_pull_no_data_total",
                "Missing boundaries a bulk history answer held no data (0xFFFFFFFE) for.",
                () -> stats.bulkPull().answeredNoData());
        metrics.gauge("ami_hes_ingest_queue_free", "Free places in the ingest queue.", queueFree::getAsInt);
        registerCollection(r, collection, clock);
    }

    /** A counter labelled by path, {@code value} of each {@link CommPath}. */
    private static void perPath(PrometheusRegistry r, String name, String help, ToLongFunction<CommPath> value) {
        byLabel(r, name, help, "path", CommPath.values(), CommPath::key, value);
    }

    /** A counter with one label: {@code value} of each of {@code constants}, labelled {@code label = key}. */
    private static <E> void byLabel(PrometheusRegistry r, String name, String help, String label, E[] constants,
                                    Function<E, String> key, ToLongFunction<E> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            for (E e : constants) {
                cb.call(value.applyAsLong(e), key.apply(e));
            }
        }).register(r);
    }

    /** What a per-window gauge reports of one window's rate: {@code cb.call(value, window, more labels…)}. */
    @FunctionalInterface
    private interface WindowValues {
        void report(GaugeWithCallback.Callback cb, CollectionStats.Rate rate, String window);
    }

    /** A gauge labelled by window (then {@code moreLabels}), over each window that has a rate now. */
    private static void perWindow(PrometheusRegistry r, CollectionStats collection, Clock clock, String name, String help,
                                  WindowValues values, String... moreLabels) {
        String[] labels = new String[moreLabels.length + 1];
        labels[0] = "window";
        System.arraycopy(moreLabels, 0, labels, 1, moreLabels.length);
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(cb -> {
            for (CollectionStats.Window w : CollectionStats.Window.values()) {
                CollectionStats.Rate rate = collection.within(w, now(clock));
                if (rate != null) {
                    values.report(cb, rate, w.key());
                }
            }
        }).register(r);
    }

    /** A gauge of the rate before the cut-off, when there is one. */
    private static void beforeCutoff(PrometheusRegistry r, CollectionStats collection, Clock clock, String name, String help,
                                     ToDoubleFunction<CollectionStats.Rate> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            CollectionStats.Rate rate = collection.beforeCutoff(now(clock));
            if (rate != null) {
                cb.call(value.applyAsDouble(rate));
            }
        }).register(r);
    }

    private static void registerCollection(PrometheusRegistry r, CollectionStats collection, Clock clock) {
        perWindow(r, collection, clock, "ami_hes_collection_ratio",
                "Share of expected boundary readings journaled within the window after the slot's end, for the newest slot whose window has closed.",
                (cb, rate, w) -> cb.call(rate.total(), w));
        perWindow(r, collection, clock, "ami_hes_collection_path_ratio",
                "As ami_hes_collection_ratio, per path (unknown: meters not heard from yet).",
                (cb, rate, w) -> rate.byPath().forEach((path, v) -> cb.call(v, w, path)), "path");
        perWindow(r, collection, clock, "ami_hes_collection_area_ratio",
                "As ami_hes_collection_ratio, per area code.",
                (cb, rate, w) -> rate.byArea().forEach((area, v) -> cb.call(v, w, area)), "area");
        perWindow(r, collection, clock, "ami_hes_collection_slot_end_timestamp_seconds",
                "End of the slot ami_hes_collection_ratio describes, per window (Unix time).",
                (cb, rate, w) -> cb.call(Slots.endEpochSecond(rate.slotIndex()), w));
        beforeCutoff(r, collection, clock, "ami_hes_collection_before_cutoff_ratio",
                "Share of expected boundary readings journaled so far for the newest slot that has ended but not reached its cut-off (after the first re-collection scan).",
                CollectionStats.Rate::total);
        beforeCutoff(r, collection, clock, "ami_hes_collection_before_cutoff_age_seconds",
                "Seconds since the end of the slot ami_hes_collection_before_cutoff_ratio describes.",
                CollectionStats.Rate::ageSeconds);
    }

    private static long now(Clock clock) {
        return clock.millis() / 1000;
    }
}
