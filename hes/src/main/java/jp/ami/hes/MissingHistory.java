package jp.ami.hes;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.Slots;

/**
 * The readings the next-day bulk history pull ({@link BulkPuller}) asks for: per JST day, only the meters that
 * missed at least one of the day's boundaries at their final scan, each with a 48-bit mask of the missed
 * boundaries (bit k = the day's 00:00 + k × 30 min, the 0xE2 history layout). Sparse: a day where every meter
 * reported holds nothing; one entry costs a hash slot (16 bytes) per missing meter, not a bitmap of all meters.
 *
 * <p>A bit is cleared when the boundary's reading is journaled after all (a late push, a history answer), so a
 * history answer journals exactly the boundaries still missing. Days older than {@link #KEEP_DAYS} are dropped.
 * Not thread-safe: the ingest thread owns it.
 */
final class MissingHistory {
    /** Days kept: a meter that stays silent longer is the operator's (silent meter worklist), not the pull's. */
    static final int KEEP_DAYS = 7;
    static final long SECONDS_PER_DAY = 86_400;
    private static final long JST_OFFSET = Slots.JST.getTotalSeconds();

    /** Day start (JST midnight, epoch second) → (meter → missing mask; 0 = filled). */
    private final TreeMap<Long, LongLongMap> days = new TreeMap<>();
    /** The day {@link #fill} looked up last and its map (null: none held): no boxing per journaled reading. */
    private long cachedDay = Long.MIN_VALUE;
    private LongLongMap cachedMap;

    /** JST midnight (epoch second) of the day holding {@code epochSecond}. */
    static long dayStart(long epochSecond) {
        return Math.floorDiv(epochSecond + JST_OFFSET, SECONDS_PER_DAY) * SECONDS_PER_DAY - JST_OFFSET;
    }

    /** The meter's reading for {@code boundary} (an epoch second on a slot boundary) is still missing at the final scan. */
    void missed(long meter, long boundary) {
        long day = dayStart(boundary);
        int k = (int) ((boundary - day) / Slots.SECONDS_PER_SLOT);
        LongLongMap m = days.computeIfAbsent(day, d -> new LongLongMap(64));
        m.put(meter, m.get(meter, 0) | (1L << k));
        if (day == cachedDay) {
            cachedMap = m;
        }
    }

    /**
     * The meter's reading for {@code boundary} is being journaled: true when it was one the pull waits for (its bit is
     * cleared). Cheap when nothing is missing.
     */
    boolean fill(long meter, long boundary) {
        if (days.isEmpty()) {
            return false;
        }
        long day = dayStart(boundary);
        if (day != cachedDay) {
            cachedDay = day;
            cachedMap = days.get(day);
        }
        LongLongMap m = cachedMap;
        if (m == null) {
            return false;
        }
        long mask = m.get(meter, 0);
        long bit = 1L << ((boundary - day) / Slots.SECONDS_PER_SLOT);
        if ((mask & bit) == 0) {
            return false;
        }
        m.put(meter, mask & ~bit);
        return true;
    }

    /** The missing mask of the meter on the day starting at {@code dayStart} (0: nothing missing). */
    long mask(long meter, long dayStart) {
        LongLongMap m = days.get(dayStart);
        return m == null ? 0 : m.get(meter, 0);
    }

    /**
     * Visits every (meter, mask ≠ 0) of each day that started before {@code beforeDayStart}, oldest day first, after
     * dropping days more than {@link #KEEP_DAYS} before it.
     */
    void forEachDue(long beforeDayStart, DueVisitor visitor) {
        days.headMap(beforeDayStart - KEEP_DAYS * SECONDS_PER_DAY).clear();
        cachedDay = Long.MIN_VALUE;
        cachedMap = null;
        for (Iterator<Map.Entry<Long, LongLongMap>> it = days.headMap(beforeDayStart).entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, LongLongMap> e = it.next();
            long day = e.getKey();
            long[] open = {0};
            e.getValue().forEach((meter, mask) -> {
                if (mask != 0) {
                    open[0]++;
                    visitor.visit(day, meter, mask);
                }
            });
            if (open[0] == 0) {
                it.remove(); // (the cache was reset above)
            }
        }
    }

    /** Missing (meter, boundary) readings held, over all days. */
    long missingReadings() {
        long[] n = {0};
        for (LongLongMap m : days.values()) {
            m.forEach((meter, mask) -> n[0] += Long.bitCount(mask));
        }
        return n[0];
    }

    interface DueVisitor {
        void visit(long dayStart, long meter, long mask);
    }
}
