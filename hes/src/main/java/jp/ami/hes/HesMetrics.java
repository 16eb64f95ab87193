package jp.ami.hes;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.function.IntSupplier;
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
        CounterWithCallback.builder().name("ami_hes_batches_total").help("Batches received, by transport.")
                .labelNames("transport").callback(cb -> {
                    for (Transport t : Transport.values()) {
                        cb.call(stats.batches(t), t.key());
                    }
                }).register(r);
        CounterWithCallback.builder().name("ami_hes_acks_total").help("Acks sent, by status (JOURNALED, MALFORMED_BATCH, OVERLOADED_RETRY).")
                .labelNames("status").callback(cb -> {
                    for (AckStatus s : AckStatus.values()) {
                        cb.call(stats.acks(s), s.name());
                    }
                }).register(r);
        CounterWithCallback.builder().name("ami_hes_batches_resent_total")
                .help("Journaled batches holding frames already journaled (resends after a lost or late ack).")
                .callback(cb -> cb.call(stats.resentBatches())).register(r);
        CounterWithCallback.builder().name("ami_hes_readings_received_total").help("Reading frames received, by path.")
                .labelNames("path").callback(cb -> {
                    for (CommPath p : CommPath.values()) {
                        cb.call(stats.framesReceived(p), p.key());
                    }
                }).register(r);
        CounterWithCallback.builder().name("ami_hes_readings_journaled_total").help("Readings journaled (then acked), by path.")
                .labelNames("path").callback(cb -> {
                    for (CommPath p : CommPath.values()) {
                        cb.call(stats.framesJournaled(p), p.key());
                    }
                }).register(r);
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
        CounterWithCallback.builder().name("ami_hes_readings_duplicate_total")
                .help("Authentic frames dropped as already journaled (resent frames, second readings for a boundary).")
                .callback(cb -> cb.call(stats.duplicatesDropped())).register(r);
        CounterWithCallback.builder().name("ami_hes_readings_export_journaled_total")
                .help("Reverse-direction (PV export, EPC 0xEB) readings journaled; included in ami_hes_readings_journaled_total.")
                .callback(cb -> cb.call(stats.exportReadingsJournaled())).register(r);
        CounterWithCallback.builder().name("ami_hes_batches_overloaded_total")
                .help("Batches answered OVERLOADED_RETRY (ingest queue full or journal failure).")
                .callback(cb -> cb.call(stats.overloadedBatches())).register(r);
        CounterWithCallback.builder().name("ami_hes_recollect_requested_total")
                .help("Re-collection request items sent to concentrators, relays and border routers.")
                .callback(cb -> cb.call(stats.recollectItemsRequested())).register(r);
        CounterWithCallback.builder().name("ami_hes_recollect_recovered_total")
                .help("Readings journaled from re-collection answers (Get_Res), by path.")
                .labelNames("path").callback(cb -> {
                    for (CommPath p : CommPath.values()) {
                        cb.call(stats.recollected(p), p.key());
                    }
                }).register(r);
        CounterWithCallback.builder().name("ami_hes_recollect_unanswerable_total")
                .help("Re-collection requests a meter could not answer (Get_SNA).")
                .callback(cb -> cb.call(stats.getSnaAnswers())).register(r);
        CounterWithCallback.builder().name("ami_hes_bulk_pull_requests_total")
                .help("Bulk history pull requests (RQ version 2) sent to concentrators, relays and border routers.")
                .callback(cb -> cb.call(stats.bulkPull().requests())).register(r);
        CounterWithCallback.builder().name("ami_hes_bulk_pull_meters_asked_total")
                .help("Meter-days asked for by the bulk history pull.")
                .callback(cb -> cb.call(stats.bulkPull().metersAsked())).register(r);
        CounterWithCallback.builder().name("ami_hes_bulk_pull_filled_total")
                .help("Missing readings journaled from bulk history answers (0xE2), flags re-collected | history.")
                .callback(cb -> cb.call(stats.bulkPull().readingsFilled())).register(r);
        CounterWithCallback.builder().name("ami_hes_bulk_pull_no_data_total")
                .help("Missing boundaries a bulk history answer held no data (0xFFFFFFFE) for.")
                .callback(cb -> cb.call(stats.bulkPull().answeredNoData())).register(r);
        GaugeWithCallback.builder().name("ami_hes_ingest_queue_free").help("Free places in the ingest queue.")
                .callback(cb -> cb.call(queueFree.getAsInt())).register(r);
        registerCollection(r, collection, clock);
    }

    private static void registerCollection(PrometheusRegistry r, CollectionStats collection, Clock clock) {
        GaugeWithCallback.builder().name("ami_hes_collection_ratio")
                .help("Share of expected boundary readings journaled within the window after the slot's end, for the newest slot whose window has closed.")
                .labelNames("window").callback(cb -> {
                    for (CollectionStats.Window w : CollectionStats.Window.values()) {
                        CollectionStats.Rate rate = collection.within(w, now(clock));
                        if (rate != null) {
                            cb.call(rate.total(), w.key());
                        }
                    }
                }).register(r);
        GaugeWithCallback.builder().name("ami_hes_collection_path_ratio")
                .help("As ami_hes_collection_ratio, per path (unknown: meters not heard from yet).")
                .labelNames("window", "path").callback(cb -> {
                    for (CollectionStats.Window w : CollectionStats.Window.values()) {
                        CollectionStats.Rate rate = collection.within(w, now(clock));
                        if (rate != null) {
                            rate.byPath().forEach((path, v) -> cb.call(v, w.key(), path));
                        }
                    }
                }).register(r);
        GaugeWithCallback.builder().name("ami_hes_collection_area_ratio")
                .help("As ami_hes_collection_ratio, per area code.")
                .labelNames("window", "area").callback(cb -> {
                    for (CollectionStats.Window w : CollectionStats.Window.values()) {
                        CollectionStats.Rate rate = collection.within(w, now(clock));
                        if (rate != null) {
                            rate.byArea().forEach((area, v) -> cb.call(v, w.key(), area));
                        }
                    }
                }).register(r);
        GaugeWithCallback.builder().name("ami_hes_collection_slot_end_timestamp_seconds")
                .help("End of the slot ami_hes_collection_ratio describes, per window (Unix time).")
                .labelNames("window").callback(cb -> {
                    for (CollectionStats.Window w : CollectionStats.Window.values()) {
                        CollectionStats.Rate rate = collection.within(w, now(clock));
                        if (rate != null) {
                            cb.call(Slots.endEpochSecond(rate.slotIndex()), w.key());
                        }
                    }
                }).register(r);
        GaugeWithCallback.builder().name("ami_hes_collection_before_cutoff_ratio")
                .help("Share of expected boundary readings journaled so far for the newest slot that has ended but not reached its cut-off (after the first re-collection scan).")
                .callback(cb -> {
                    CollectionStats.Rate rate = collection.beforeCutoff(now(clock));
                    if (rate != null) {
                        cb.call(rate.total());
                    }
                }).register(r);
        GaugeWithCallback.builder().name("ami_hes_collection_before_cutoff_age_seconds")
                .help("Seconds since the end of the slot ami_hes_collection_before_cutoff_ratio describes.")
                .callback(cb -> {
                    CollectionStats.Rate rate = collection.beforeCutoff(now(clock));
                    if (rate != null) {
                        cb.call(rate.ageSeconds());
                    }
                }).register(r);
    }

    private static long now(Clock clock) {
        return clock.millis() / 1000;
    }
}
