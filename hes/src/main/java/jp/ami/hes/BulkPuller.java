package jp.ami.hes;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;
import jp.ami.protocol.recollect.RecollectRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next-day bulk history pull (late data): once a JST day, at {@code pullAt} local time on the head-end's clock
 * (default 02:00, off-peak), takes every (meter, day) of {@link MissingHistory} for the days before today — the
 * meters that still missed a boundary at its final scan — and asks each meter's source for the meter's whole day
 * history ({@link RecollectRequest#historyPull}, version 2) over the meter's own path, as re-collection does (a
 * meter never heard from: through every source with a session). The meters answer one sealed 0xE2 frame each,
 * through the normal verified ingest path, which journals only the boundaries still missing.
 *
 * <p>Load is bounded by a token bucket on the same clock: at most {@code metersPerSecond} meter-days asked per
 * second of clock time (burst: one second's worth, or one poll interval's on a fast clock), so a large outage is spread out instead of flooding the
 * concentrators and the ingest queue. The missing set is read on the ingest thread (which owns it); the sends run
 * on this class's poller, which checks the clock every {@code pollInterval} of real time (the demo and tests run a
 * fast simulated clock).
 */
public final class BulkPuller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BulkPuller.class);

    private final IngestPath ingest;
    private final Clock clock;
    private final long pullAtSecondOfDay;
    private final long metersPerSecond;
    private final RouteSenders senders;
    private final Poller poller;
    // poller thread only
    /** JST midnight of the last day whose pull was started (Long.MIN_VALUE: none). */
    private long pulledDay = Long.MIN_VALUE;
    /** Items waiting to be sent: route, meter, day start (3 longs each), filled on the ingest thread. */
    private volatile ArrayDeque<long[]> pending;
    private long tokensMilli;
    private long lastRefillMillis;

    /**
     * @param pullAt          JST local time of the daily pull
     * @param metersPerSecond meter-days asked per second of clock time, at least 1
     */
    public BulkPuller(IngestPath ingest, Clock clock, LocalTime pullAt, int metersPerSecond,
                      Map<CommPath, RecollectSender> senders, Duration pollInterval) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pullAtSecondOfDay = pullAt.toSecondOfDay();
        if (metersPerSecond < 1) {
            throw new InvalidValueException("bulkPullRate", metersPerSecond, "must be at least 1 meter per second");
        }
        this.metersPerSecond = metersPerSecond;
        this.senders = new RouteSenders(senders);
        this.poller = new Poller("hes-bulk-pull", pollInterval, this::poll);
    }

    private void poll() {
        try {
            long nowMillis = clock.millis();
            long today = MissingHistory.dayStart(nowMillis / 1000);
            if (today != pulledDay && nowMillis / 1000 >= today + pullAtSecondOfDay && pending == null) {
                if (ingest.runOnIngestThread(() -> collect(today))) {
                    pulledDay = today;
                    tokensMilli = 0;
                    lastRefillMillis = nowMillis;
                }
                return;
            }
            ArrayDeque<long[]> queue = pending;
            if (queue != null) {
                send(queue, nowMillis);
            }
        } catch (RuntimeException e) {
            LOG.warn("bulk history pull poll failed", e);
        }
    }

    /** Ingest thread: the due (route, meter, day) items of the days before {@code today}, oldest day first. */
    private void collect(long today) {
        java.util.ArrayList<long[]> items = new java.util.ArrayList<>();
        ingest.missingHistory().forEachDue(today, (day, meter, mask) -> items.add(new long[] {ingest.route(meter), meter, day}));
        if (!items.isEmpty()) {
            LOG.info("bulk history pull: {} meter-day(s) to ask for", items.size());
        }
        // grouped by route: one request carries up to MAX_ITEMS of one source's meters
        items.sort(java.util.Comparator.<long[]>comparingLong(i -> i[0]).thenComparingLong(i -> i[2]).thenComparingLong(i -> i[1]));
        pending = items.isEmpty() ? null : new ArrayDeque<>(items);
    }

    /** Poller: sends as many items as the token bucket allows, one request per run of items with the same route. */
    private void send(ArrayDeque<long[]> queue, long nowMillis) {
        long elapsed = Math.max(0, nowMillis - lastRefillMillis);
        lastRefillMillis = nowMillis;
        // burst: one second's worth, or what one poll interval earned (a fast simulated clock moves far per poll)
        tokensMilli = Math.min(Math.max(metersPerSecond * 1000, elapsed * metersPerSecond), tokensMilli + elapsed * metersPerSecond);
        long requests = 0;
        long asked = 0;
        while (!queue.isEmpty() && tokensMilli >= 1000) {
            int n = (int) Math.min(RecollectRequest.MAX_ITEMS, tokensMilli / 1000);
            long route = queue.peek()[0];
            long[] meters = new long[n];
            long[] days = new long[n];
            int k = 0;
            while (k < n && !queue.isEmpty() && queue.peek()[0] == route) {
                long[] item = queue.poll();
                meters[k] = item[1];
                days[k++] = item[2];
            }
            tokensMilli -= k * 1000L;
            requests += ask(route, Arrays.copyOf(meters, k), Arrays.copyOf(days, k));
            asked += k;
        }
        if (requests > 0 || asked > 0) {
            ingest.stats().bulkRequested(requests, asked);
        }
        if (queue.isEmpty()) {
            pending = null;
        }
    }

    /** One history pull per source {@code route} reaches; returns how many were sent. */
    private long ask(long route, long[] meters, long[] days) {
        return senders.send(route, (sender, path, source) ->
                sender.send(RecollectRequest.historyPull(path, source, senders.nextRequestId(), meters, days)) ? 1 : 0);
    }

    /** Whether a pull's items are still waiting to be sent (for tests and the log). */
    public boolean pulling() {
        return pending != null;
    }

    @Override
    public void close() {
        poller.close();
    }
}
