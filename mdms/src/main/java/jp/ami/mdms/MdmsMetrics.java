package jp.ami.mdms;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToLongFunction;
import jp.ami.mdms.slots.EngineStats;
import jp.ami.model.Slots;
import jp.ami.service.metrics.Metrics;

/**
 * The MDMS's Prometheus metrics ({@code ami_mdms_…} and {@code ami_delivery_…}, meanings in {@code docs/metrics.md}):
 * callbacks reading {@link EngineStats} and the engine thread's progress at scrape time, plus the delivery latency
 * histogram ({@link DeliveryMetrics}, one observation per published file). Ages are taken at the MDMS's clock.
 */
final class MdmsMetrics {
    private MdmsMetrics() {
    }

    static void register(Metrics metrics, MdmsServer mdms, DeliveryMetrics delivery) {
        PrometheusRegistry r = metrics.registry();
        counter(r, mdms, "ami_mdms_journal_documents_total", "Journal documents (head-end batches) consumed, replay included.",
                s -> mdms.documentsConsumed());
        GaugeWithCallback.builder().name("ami_mdms_journal_lag_seconds")
                .help("How far the MDMS is behind the journal: 0 when caught up, else the MDMS clock minus the head-end receive time of the last document applied.")
                .callback(cb -> cb.call(mdms.journalLagSeconds())).register(r);
        GaugeWithCallback.builder().name("ami_mdms_live").help("1 once the start-up replay is over and the engine runs live, else 0.")
                .callback(cb -> cb.call(mdms.isLive() ? 1 : 0)).register(r);
        counter(r, mdms, "ami_mdms_readings_total", "Reading records seen (all directions).", EngineStats::readings);
        CounterWithCallback.builder().name("ami_mdms_readings_rejected_total")
                .help("Readings not used, by reason: unknown_meter, clock_skew, invalid, late (for a slot already finalised).")
                .labelNames("reason").callback(cb -> {
                    EngineStats s = mdms.stats();
                    cb.call(s.unknownMeters(), "unknown_meter");
                    cb.call(s.clockSkewRejects(), "clock_skew");
                    cb.call(s.invalidReadings(), "invalid");
                    cb.call(s.lateReadings(), "late");
                }).register(r);
        counter(r, mdms, "ami_mdms_slots_finalized_total", "Slots finalised (values stored, files published).", EngineStats::slotsFinalized);
        byStatus(r, mdms, "ami_mdms_values",
                "Issued 30-minute values by current status (present, estimated, missing); a revision moves a value between them.",
                EngineStats::present, EngineStats::estimated, EngineStats::missing);
        byStatus(r, mdms, "ami_mdms_export_values", "Issued export (PV) values by current status.",
                EngineStats::exportPresent, EngineStats::exportEstimated, EngineStats::exportMissing);
        counter(r, mdms, "ami_mdms_values_revised_total", "Values changed by a revision.", EngineStats::revisedValues);
        counter(r, mdms, "ami_mdms_estimated_at_cutoff_total",
                "Values first issued as cut-off estimates (closing reading missing at the cut-off; status code 2).",
                EngineStats::estimatedAtCutoff);
        counter(r, mdms, "ami_mdms_revised_later_total", "Cut-off estimates replaced by a later revision once real data arrived.",
                EngineStats::revisedLater);
        counter(r, mdms, "ami_mdms_corrections_total", "Operator corrections applied (each a new revision).", EngineStats::corrections);
        CounterWithCallback.builder().name("ami_mdms_corrections_refused_total")
                .help("Correction requests refused: bad request, unknown supply point, slot not finalised or beyond the horizon.")
                .callback(cb -> cb.call(mdms.correctionApi().refused())).register(r);
        CounterWithCallback.builder().name("ami_mdms_reissue_files_total")
                .help("Files handled by on-demand re-issues, by outcome: identical (nothing written), republished (missing from the outbox), new_revision (stored values changed).")
                .labelNames("outcome").callback(cb -> {
                    var c = mdms.reissueCounts();
                    cb.call(c.identical(), "identical");
                    cb.call(c.republished(), "republished");
                    cb.call(c.newRevisions(), "new_revision");
                }).register(r);
        counter(r, mdms, "ami_mdms_revisions_total", "Slot revisions issued (each re-issues that slot's files).", EngineStats::revisionsIssued);
        CounterWithCallback.builder().name("ami_mdms_files_published_total").help("W4 files published, by retailer.")
                .labelNames("retailer").callback(cb -> mdms.stats().filesPerRetailer().forEach((k, v) -> cb.call(v, k))).register(r);
        GaugeWithCallback.builder().name("ami_mdms_last_finalized_slot_end_timestamp_seconds")
                .help("End of the newest finalised slot (Unix time); absent before the first.")
                .callback(cb -> {
                    long k = mdms.lastFinalizedSlot();
                    if (k != Long.MIN_VALUE) {
                        cb.call(Slots.endEpochSecond(k));
                    }
                }).register(r);
        GaugeWithCallback.builder().name("ami_mdms_undelivered_slot_age_seconds")
                .help("Seconds since the end of the oldest slot not yet finalised (its files not yet downloadable); 0 when it has not ended; absent before the first finalisation.")
                .callback(cb -> {
                    long k = mdms.lastFinalizedSlot();
                    if (k != Long.MIN_VALUE) {
                        long age = mdms.clock().millis() / 1000 - Slots.endEpochSecond(k + 1);
                        cb.call(Math.max(0, age));
                    }
                }).register(r);
        CounterWithCallback.builder().name("ami_mdms_reissue_refused_total")
                .help("Re-issue requests (POST /internal/reissue) refused with 400, by reason: bad_json, bad_date, unknown_retailer, bad_slot, not_finalised.")
                .labelNames("reason").callback(cb -> mdms.reissueRefused().forEach((k, v) -> cb.call(v, k))).register(r);
        GaugeWithCallback.builder().name("ami_delivery_within_budget_ratio")
                .help("Share of first-issue per-slot files downloadable within 60 minutes of their slot's end (1 before the first).")
                .callback(cb -> cb.call(delivery.withinBudgetRatio())).register(r);
    }

    private static void counter(PrometheusRegistry r, MdmsServer mdms, String name, String help, ToLongFunction<EngineStats> f) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(f.applyAsLong(mdms.stats()))).register(r);
    }

    /** A gauge of values by status ({@code present}, {@code estimated}, {@code missing}), from one read of the figures. */
    private static void byStatus(PrometheusRegistry r, MdmsServer mdms, String name, String help, ToLongFunction<EngineStats> present,
                                 ToLongFunction<EngineStats> estimated, ToLongFunction<EngineStats> missing) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("status").callback(cb -> {
            EngineStats s = mdms.stats();
            cb.call(present.applyAsLong(s), "present");
            cb.call(estimated.applyAsLong(s), "estimated");
            cb.call(missing.applyAsLong(s), "missing");
        }).register(r);
    }
}
