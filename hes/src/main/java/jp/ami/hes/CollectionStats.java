package jp.ami.hes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.CommPath;
import jp.ami.model.Slot;
import jp.ami.model.Slots;

/**
 * Collection statistics per slot boundary: expected, received at first try (pushed INF), recovered by
 * re-collection (Get_Res), still missing — in total, per path, per area and per source (concentrator / relay /
 * border router). Readings are counted by the ingest thread as they are journaled; {@code expected} and
 * {@code missing} are (re)computed by each re-collection scan and by the final scan at the cut-off, from the
 * meter directory (the meter installed for the boundary: after a meter exchange the new one, see
 * {@link MeterDirectory#forEachExpected}) and the routes the head-end has learned. A meter whose route is not known yet is counted
 * under source {@code unrouted} and path {@code unknown}.
 *
 * <p>Thread-safe (one lock; the ingest thread takes it once per journaled reading). Keeps the latest
 * {@value #KEEP} boundaries.
 */
public final class CollectionStats {
    static final int KEEP = 192;
    static final int FIRST = 0;
    static final int RECOVERED = 1;
    static final int EXPECTED = 2;
    static final int MISSING = 3;
    /** Readings (first try or recovered) journaled within 30 minutes, and within 48 hours, of the boundary. */
    static final int WITHIN_30M = 4;
    static final int WITHIN_48H = 5;
    static final int WIDTH = 6;

    /** Counters of one boundary. Keys: route (path &lt;&lt; 32 | source), area code. */
    static final class Boundary {
        final long slotIndex;
        final Map<Long, long[]> bySource = new HashMap<>();
        final Map<Integer, long[]> byArea = new HashMap<>();
        long requested;
        long getSna;
        int rounds;
        boolean complete;

        Boundary(long slotIndex) {
            this.slotIndex = slotIndex;
        }

        long[] source(long route) {
            return bySource.computeIfAbsent(route, r -> new long[WIDTH]);
        }

        long[] area(int area) {
            return byArea.computeIfAbsent(area, r -> new long[WIDTH]);
        }
    }

    private final TreeMap<Long, Boundary> boundaries = new TreeMap<>();

    /** Per-slot JSON view; counts {expected, firstTry, recovered, missing}. */
    public record Counts(long expected, long firstTry, long recovered, long missing) {
        static Counts of(long[] c) {
            return new Counts(c[EXPECTED], c[FIRST], c[RECOVERED], c[MISSING]);
        }
    }

    public record SlotView(long slotIndex, String slot, String boundary, long expected, long firstTry, long recovered,
                           long missing, long recollectRequested, long getSna, int rounds, boolean complete,
                           Map<String, Counts> byPath, Map<String, Counts> byArea, Map<String, Counts> bySource) {
    }

    private Boundary boundary(long slotIndex) {
        Boundary b = boundaries.get(slotIndex);
        if (b == null) {
            b = new Boundary(slotIndex);
            boundaries.put(slotIndex, b);
            while (boundaries.size() > KEEP) {
                boundaries.pollFirstEntry();
            }
        }
        return b;
    }

    /** A reading for the boundary closing {@code slotIndex} was journaled, received at {@code receivedEpochSecond}. */
    synchronized void received(long slotIndex, long route, int area, boolean recovered, long receivedEpochSecond) {
        Boundary b = boundary(slotIndex);
        long after = receivedEpochSecond - Slots.endEpochSecond(slotIndex);
        count(b.source(route), recovered, after);
        count(b.area(area), recovered, after);
    }

    private static void count(long[] c, boolean recovered, long secondsAfterBoundary) {
        c[recovered ? RECOVERED : FIRST]++;
        if (secondsAfterBoundary <= Window.MIN_30.seconds) {
            c[WITHIN_30M]++;
        }
        if (secondsAfterBoundary <= Window.HOURS_48.seconds) {
            c[WITHIN_48H]++;
        }
    }

    /** How long after a slot's end its readings count as collected in time (the collection-rate windows). */
    public enum Window {
        /** 30 minutes: the readings a first issue can use. */
        MIN_30("30m", 30 * 60, WITHIN_30M),
        /** 48 hours: the revision horizon. */
        HOURS_48("48h", 48 * 3600, WITHIN_48H);

        private final String key;
        final long seconds;
        final int counter;

        Window(String key, long seconds, int counter) {
            this.key = key;
            this.seconds = seconds;
            this.counter = counter;
        }

        /** Label value, {@code 30m} or {@code 48h}. */
        public String key() {
            return key;
        }
    }

    /**
     * The collection rate of one slot: the share of expected boundary readings journaled, in total, per path and per
     * area (area code {@code 01}–{@code 10}, or {@code unknown}); a path or area with nothing expected is left out.
     *
     * @param slotIndex the slot
     * @param ageSeconds seconds from the slot's end until the time asked about
     */
    public record Rate(long slotIndex, long ageSeconds, double total, Map<String, Double> byPath, Map<String, Double> byArea) {
    }

    /**
     * The newest kept slot whose window has closed at {@code nowEpochSecond} and whose expected readings are known
     * (final scan done): the share of them journaled within {@code window} of its end; null when there is none.
     */
    public synchronized Rate within(Window window, long nowEpochSecond) {
        for (Boundary b : boundaries.descendingMap().values()) {
            if (b.complete && Slots.endEpochSecond(b.slotIndex) + window.seconds <= nowEpochSecond) {
                return rate(b, window.counter, nowEpochSecond);
            }
        }
        return null;
    }

    /**
     * The newest slot that has ended but not reached its cut-off (final scan) at {@code nowEpochSecond}, once a
     * re-collection scan has counted what it expects: the share journaled so far; null when there is none.
     */
    public synchronized Rate beforeCutoff(long nowEpochSecond) {
        for (Boundary b : boundaries.descendingMap().values()) {
            if (Slots.endEpochSecond(b.slotIndex) > nowEpochSecond) {
                continue;
            }
            if (b.complete || b.rounds == 0) {
                return null;
            }
            return rate(b, -1, nowEpochSecond);
        }
        return null;
    }

    /** Rates of {@code b}: counter {@code k}, or first try + recovered when {@code k < 0}, over expected. */
    private static Rate rate(Boundary b, int k, long now) {
        long[] total = new long[2];
        Map<String, long[]> byPath = new TreeMap<>();
        b.bySource.forEach((route, c) -> {
            long[] p = byPath.computeIfAbsent(Routes.pathKey(route), x -> new long[2]);
            long got = k < 0 ? c[FIRST] + c[RECOVERED] : c[k];
            p[0] += c[EXPECTED];
            p[1] += got;
            total[0] += c[EXPECTED];
            total[1] += got;
        });
        Map<String, long[]> byArea = new TreeMap<>();
        b.byArea.forEach((area, c) -> byArea.put(area == 0 ? "unknown" : String.format("%02d", area),
                new long[]{c[EXPECTED], k < 0 ? c[FIRST] + c[RECOVERED] : c[k]}));
        return new Rate(b.slotIndex, now - Slots.endEpochSecond(b.slotIndex), ratio(total), ratios(byPath), ratios(byArea));
    }

    private static Map<String, Double> ratios(Map<String, long[]> counts) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((key, c) -> {
            if (c[0] > 0) {
                out.put(key, ratio(c));
            }
        });
        return out;
    }

    private static double ratio(long[] expectedReceived) {
        return expectedReceived[0] == 0 ? 0 : Math.min(1.0, (double) expectedReceived[1] / expectedReceived[0]);
    }

    synchronized void getSna(long slotIndex) {
        boundary(slotIndex).getSna++;
    }

    /** Slot indexes with at least one reading, oldest first. */
    synchronized List<Long> active() {
        return new ArrayList<>(boundaries.keySet());
    }

    /** Replaces expected/missing of a boundary by a scan's result; {@code complete} after the final scan. */
    synchronized void scanned(long slotIndex, Map<Long, long[]> expectedMissingBySource,
                              Map<Integer, long[]> expectedMissingByArea, long requested, boolean complete) {
        Boundary b = boundary(slotIndex);
        for (long[] c : b.bySource.values()) {
            c[EXPECTED] = 0;
            c[MISSING] = 0;
        }
        for (long[] c : b.byArea.values()) {
            c[EXPECTED] = 0;
            c[MISSING] = 0;
        }
        expectedMissingBySource.forEach((route, em) -> {
            long[] c = b.source(route);
            c[EXPECTED] = em[0];
            c[MISSING] = em[1];
        });
        expectedMissingByArea.forEach((area, em) -> {
            long[] c = b.area(area);
            c[EXPECTED] = em[0];
            c[MISSING] = em[1];
        });
        b.requested += requested;
        if (!complete) {
            b.rounds++;
        }
        b.complete |= complete;
    }

    /** Slot index of the newest boundary whose final scan is done ({@code complete}), -1 when none is. */
    public synchronized long newestComplete() {
        for (Boundary b : boundaries.descendingMap().values()) {
            if (b.complete) {
                return b.slotIndex;
            }
        }
        return -1;
    }

    public synchronized SlotView slot(long slotIndex) {
        Boundary b = boundaries.get(slotIndex);
        return b == null ? null : view(b);
    }

    /** All kept boundaries, oldest first. */
    public synchronized List<SlotView> slots() {
        List<SlotView> out = new ArrayList<>();
        for (Boundary b : boundaries.values()) {
            out.add(view(b));
        }
        return out;
    }

    private static SlotView view(Boundary b) {
        long[] total = new long[WIDTH];
        Map<String, long[]> byPath = new LinkedHashMap<>();
        for (CommPath p : CommPath.values()) {
            byPath.put(p.key(), new long[WIDTH]);
        }
        Map<String, Counts> bySource = new TreeMap<>();
        for (Map.Entry<Long, long[]> e : b.bySource.entrySet()) {
            long route = e.getKey();
            long[] c = e.getValue();
            long[] p = byPath.computeIfAbsent(Routes.pathKey(route), k -> new long[WIDTH]);
            for (int k = 0; k < 4; k++) {
                p[k] += c[k];
                total[k] += c[k];
            }
            bySource.put(Routes.sourceKey(route), Counts.of(c));
        }
        Map<String, Counts> paths = new LinkedHashMap<>();
        byPath.forEach((k, v) -> paths.put(k, Counts.of(v)));
        Map<String, Counts> areas = new TreeMap<>();
        b.byArea.forEach((a, c) -> areas.put(a == 0 ? "unknown" : String.format("%02d", a), Counts.of(c)));
        return new SlotView(b.slotIndex, Slot.ofIndex(b.slotIndex).toString(), Slots.end(b.slotIndex).toString(), total[EXPECTED],
                total[FIRST], total[RECOVERED], total[MISSING], b.requested, b.getSna, b.rounds, b.complete, paths,
                areas, bySource);
    }
}
