package jp.ami.hes;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.recollect.RecollectRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-collection: for every slot boundary with at least one journaled reading, at each configured offset after
 * the boundary (default 10 and 15 minutes, on the head-end's clock), finds the meters expected for it
 * ({@link MeterDirectory#forEachExpected}: one per supply point, the new meter after an exchange) whose reading is
 * missing and asks for them through each meter's own path: one {@link RecollectRequest} per source the meter's
 * frames last came from (a meter never heard from is asked for through every source with a session — each
 * source answers only for its own meters). At the final offset (default 20 minutes, the MDMS cut-off) a last
 * scan fixes "still missing" in {@link CollectionStats}.
 *
 * <p>The scans run on the ingest thread (which owns the per-meter state), submitted from a poller that checks
 * the clock every {@code pollInterval} of real time. The answers come back as ordinary batches (Get_Res /
 * Get_SNA), through the same verified path, and are journaled once (flags bit 0 = re-collected). The meters
 * still missing at the final scan are noted in {@link MissingHistory} for the next-day {@link BulkPuller}.
 */
public final class Recollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recollector.class);

    private final IngestPath ingest;
    private final Clock clock;
    private final List<Duration> rounds;
    private final Duration finalScan;
    private final RouteSenders senders;
    private final Poller poller;
    /** Per boundary (slot index): the rounds done; finalScan done = rounds.size() + 1. Poller thread only. */
    private final Map<Long, Integer> done = new HashMap<>();

    /**
     * @param rounds    offsets after the boundary at which missing readings are requested (ascending)
     * @param finalScan offset of the last scan (no request), normally the MDMS cut-off
     * @param senders   per path, the transport that reaches its sources
     */
    public Recollector(IngestPath ingest, Clock clock, List<Duration> rounds, Duration finalScan,
                       Map<CommPath, RecollectSender> senders, Duration pollInterval) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rounds = List.copyOf(rounds);
        this.finalScan = Objects.requireNonNull(finalScan, "finalScan");
        this.senders = new RouteSenders(senders);
        this.poller = new Poller("hes-recollect", pollInterval, this::poll);
    }

    private void poll() {
        try {
            long now = clock.millis() / 1000;
            for (long slot : ingest.collection().active()) {
                int d = done.getOrDefault(slot, 0);
                if (d > rounds.size()) {
                    continue;
                }
                long boundary = Slots.endEpochSecond(slot);
                boolean last = d == rounds.size();
                Duration at = last ? finalScan : rounds.get(d);
                if (now < boundary + at.toSeconds()) {
                    continue;
                }
                // skip rounds whose time has also passed; the latest due one runs
                int next = d + 1;
                while (!last && next < rounds.size() && now >= boundary + rounds.get(next).toSeconds()) {
                    next++;
                }
                boolean requestNow = !last && now < boundary + finalScan.toSeconds();
                if (!requestNow) {
                    next = rounds.size() + 1;
                }
                boolean complete = next > rounds.size();
                boolean request = requestNow;
                if (ingest.runOnIngestThread(() -> scan(slot, request, complete))) {
                    done.put(slot, next);
                }
            }
            done.keySet().removeIf(s -> !ingest.collection().active().contains(s));
        } catch (RuntimeException e) {
            LOG.warn("re-collection poll failed", e);
        }
    }

    /** Ingest thread: finds the missing meters of one boundary, counts them, and (if asked) requests them. */
    private void scan(long slot, boolean request, boolean complete) {
        MeterDirectory directory = ingest.directory();
        Map<Long, long[]> bySource = new HashMap<>();
        Map<Integer, long[]> byArea = new HashMap<>();
        Map<Long, Items> missing = new HashMap<>();
        // the meter installed for this boundary: after a meter exchange the new one, never the removed one
        directory.forEachExpected(slot, meter -> {
            long route = ingest.route(meter);
            long[] s = bySource.computeIfAbsent(route, r -> new long[2]);
            long[] a = byArea.computeIfAbsent(directory.areaOf(meter), r -> new long[2]);
            s[0]++;
            a[0]++;
            if (!ingest.hasReading(meter, slot)) {
                s[1]++;
                a[1]++;
                if (complete) {
                    ingest.missingHistory().missed(meter, Slots.endEpochSecond(slot)); // for the next-day bulk pull
                }
                if (request) {
                    missing.computeIfAbsent(route, r -> new Items()).add(meter);
                }
            }
        });
        long requested = 0;
        if (request) {
            long boundary = Slots.endEpochSecond(slot);
            for (Map.Entry<Long, Items> e : missing.entrySet()) {
                Items items = e.getValue();
                requested += senders.send(e.getKey(), (sender, path, source) -> send(sender, path, source, items, boundary));
            }
            ingest.stats().recollectRequested(requested);
            if (requested > 0) {
                LOG.info("re-collection for slot {}: {} item(s) requested from {} route(s)", jp.ami.model.Slot.ofIndex(slot),
                        requested, missing.size());
            }
        }
        ingest.collection().scanned(slot, bySource, byArea, requested, complete);
    }

    /** Asks one source for {@code items} at {@code boundary}, up to MAX_ITEMS per request; returns the items sent. */
    private long send(RecollectSender sender, CommPath path, long source, Items items, long boundary) {
        long sent = 0;
        for (int from = 0; from < items.size; from += RecollectRequest.MAX_ITEMS) {
            int n = Math.min(RecollectRequest.MAX_ITEMS, items.size - from);
            long[] meters = java.util.Arrays.copyOfRange(items.meters, from, from + n);
            long[] times = new long[n];
            java.util.Arrays.fill(times, boundary);
            if (sender.send(new RecollectRequest(path, source, senders.nextRequestId(), meters, times))) {
                sent += n;
            }
        }
        return sent;
    }

    private static final class Items {
        long[] meters = new long[16];
        int size;

        void add(long m) {
            if (size == meters.length) {
                meters = java.util.Arrays.copyOf(meters, size * 2);
            }
            meters[size++] = m;
        }
    }

    @Override
    public void close() {
        poller.close();
    }
}
