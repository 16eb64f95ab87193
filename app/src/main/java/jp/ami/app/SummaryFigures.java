package jp.ami.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.hes.HesServer;
import jp.ami.hes.IngestStats;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.CommPath;
import jp.ami.model.Slot;

/**
 * The demo's summary from what the services counted during the run: readings journaled per path, the head-end's
 * collection statistics, QuestDB's values, the files published and their delivery latency; with the checks'
 * results (pull, switching) and the run's own figures.
 */
final class SummaryFigures {
    private SummaryFigures() {
    }

    /**
     * @param perPath   readings per boundary per path code, as the simulator spread the meters (a PV meter counts twice:
     *                  its export reading)
     * @param wallStart {@link System#nanoTime()} when the run began
     */
    static DemoSummary of(DemoOptions options, DemoServices services, int[] perPath, DemoSummary.Pull pull,
                          DemoSummary.Switching switchingSummary, DemoSummary.ConfirmedUsage usage,
                          DemoSummary.Revisions revisions, long wallStart, long speed,
                          long first, long last) {
        HesServer hes = services.hes();
        MdmsServer mdms = services.mdms();
        PublishedFiles published = services.published();
        IngestStats.Snapshot hs = hes.stats().snapshot();
        long expected = (long) java.util.Arrays.stream(perPath).sum() * (options.slots() + 1);
        Map<String, Double> collection = new LinkedHashMap<>();
        for (CommPath p : CommPath.values()) {
            long exp = (long) perPath[p.code()] * (options.slots() + 1);
            long got = hs.framesJournaled().getOrDefault(p.key(), 0L);
            collection.put(p.key(), exp == 0 ? 1.0 : Math.round(got * 10000.0 / exp) / 10000.0);
        }
        long journaled = hs.framesJournaled().values().stream().mapToLong(Long::longValue).sum();
        var es = mdms.stats();
        Map<String, Long> perRetailer = published.perRetailer();
        DeliveryLatency latency = published.latency();
        return new DemoSummary(options.meters(), options.slots(),
                new DemoSummary.Readings(expected, journaled, hs.duplicatesDropped(), new TreeMap<>(hs.rejected())),
                collection,
                collectionSummary(hes, first, last),
                new DemoSummary.Values(mdms.store().count(), es.estimated(), es.missing(), es.present()),
                new DemoSummary.Files(published.published(), perRetailer.size(), perRetailer),
                pull,
                switchingSummary,
                new DemoSummary.Delivery(latency.percentileMinutes(50), latency.percentileMinutes(99), latency.maxMinutes(),
                        latency.withinBudgetShare(), latency.count()),
                usage,
                revisions,
                new DemoSummary.Run(Math.round((System.nanoTime() - wallStart) / 1e8) / 10.0, speed,
                        Slot.ofIndex(first).toString(), Slot.ofIndex(last).toString()),
                new DemoSummary.Operator(services.metricsUrls(), services.dashboard().url()));
    }

    /** Rows of {@code lv_30min} flagged meter exchange (vee_flags bit 32); -1 when the store is not QuestDB. */
    static long exchangeFlagged(MdmsServer mdms) throws java.sql.SQLException {
        var store = mdms.store();
        if (!(store instanceof jp.ami.mdms.store.QuestDbStore) && !(store instanceof jp.ami.mdms.store.IlpQuestDbStore)) {
            return -1;
        }
        try (var c = store instanceof jp.ami.mdms.store.QuestDbStore q ? q.connect() : ((jp.ami.mdms.store.IlpQuestDbStore) store).connect();
             var st = c.createStatement();
             var rs = st.executeQuery("select count() from lv_30min where vee_flags & 32 = 32")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Sums the head-end's per-boundary collection statistics over the run (the opening boundary included). */
    private static DemoSummary.Collection collectionSummary(HesServer hes, long first, long last) {
        long expected = 0;
        long firstTry = 0;
        long recovered = 0;
        long missing = 0;
        Map<String, Map<String, Long>> byPath = new TreeMap<>();
        for (var v : hes.collection().slots()) {
            if (v.slotIndex() < first - 1 || v.slotIndex() > last) {
                continue;
            }
            expected += v.expected();
            firstTry += v.firstTry();
            recovered += v.recovered();
            missing += v.missing();
            v.byPath().forEach((path, c) -> {
                Map<String, Long> m = byPath.computeIfAbsent(path, k -> new LinkedHashMap<>());
                m.merge("expected", c.expected(), Long::sum);
                m.merge("firstTry", c.firstTry(), Long::sum);
                m.merge("recovered", c.recovered(), Long::sum);
                m.merge("missing", c.missing(), Long::sum);
            });
        }
        return new DemoSummary.Collection(expected, firstTry, recovered, missing, byPath);
    }
}
