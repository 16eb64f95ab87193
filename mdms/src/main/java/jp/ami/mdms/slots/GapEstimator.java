package jp.ami.mdms.slots;

import java.math.BigInteger;
import java.util.Arrays;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;

/**
 * Estimation (the E of VEE) of a slot inside a {@link Gap}.
 * <ul>
 *   <li><b>Both registers known</b> (a later real reading closed the gap): the known cumulative difference is
 *       distributed over the missing slots (ESTIMATED, flag GAP), shaped by — in this order — the point's values on
 *       the like day ({@link SlotEngine#LIKE_DAY_SLOTS} earlier) when all of them are measured and their sum is
 *       positive ({@link Vee.Method#LIKE_DAY}); the mean of its measured values in the same slots over the
 *       {@value #RECENT_DAYS} previous days when every slot of the gap has one and their sum is positive
 *       ({@link Vee.Method#RECENT_DAYS}); the {@link LoadProfile} (import values, {@link Vee.Method#PROFILE}); evenly
 *       otherwise ({@link Vee.Method#LINEAR}). Largest-remainder rounding keeps the sum exact: the values of a day
 *       add up to its register difference whenever both registers are known.</li>
 *   <li><b>Only the opening register known, or only later ones</b> (the gap is still open at the cut-off, or has no
 *       anchor): {@link #atCutoff}
 *       — ESTIMATED, flags GAP | CUTOFF: the mean of the point's measured values in the same slot over the
 *       {@value #RECENT_DAYS} previous days ({@link Vee.Method#RECENT_DAYS}), else the {@link LoadProfile} value
 *       ({@link Vee.Method#PROFILE}; an export value without recent measured values stays MISSING). A cut-off estimate
 *       is provisional: once the closing reading arrives, the gap's revision replaces it with the distributed value
 *       in a higher revision.</li>
 * </ul>
 * A span that fails validation (NEGATIVE, OVER_CAPACITY, an exchange) stays MISSING.
 */
final class GapEstimator {
    private final MasterData master;
    private final SpanValidator validator;
    private final DayValues days;
    private final PointSpace space;
    /** Days looked back for the recent-days mean (and the cut-off estimate). */
    static final int RECENT_DAYS = 7;
    /** Weights of a distribution, reused (a gap of up to 2 days). */
    private final long[] profile = new long[jp.ami.model.Slots.SLOTS_PER_DAY * 2];
    /** The method of the last {@link #weights} (engine thread only). */
    private Vee.Method lastMethod = Vee.Method.LINEAR;

    GapEstimator(MasterData master, SpanValidator validator, DayValues days) {
        this(master, validator, days, PointSpace.allPoints(master.registry()));
    }

    /** Over the local indexes of {@code space}; {@code days} is keyed by local index too. */
    GapEstimator(MasterData master, SpanValidator validator, DayValues days, PointSpace space) {
        this.space = space;
        this.master = master;
        this.validator = validator;
        this.days = days;
    }

    /** The value of slot {@code s} from a gap's real readings. */
    long valueOf(Gap g, long s) {
        int ia = g.atOrBefore(s - 1);
        if (ia < 0) {
            // no opening register (a gap without an anchor): a meter heard after the slot is estimated as at the cut-off
            return g.n > 0 ? atCutoff(g.point, s) : missing();
        }
        int ib = ia + 1;
        if (ib >= g.n) {
            return atCutoff(g.point, s);
        }
        long a = g.bnd[ia];
        long b = g.bnd[ib];
        if (b < s) { // cannot happen: ia is the last reading at or before s − 1
            return missing();
        }
        int p = g.point;
        long whole = validator.span(p, a, g.reg[ia], b, g.reg[ib]);
        if (a == s - 1 && b == s) {
            return whole;
        }
        int xflag = 0;
        Exchange x = master.exchange(space.point(p));
        if (x != null && x.slot() == s) {
            xflag = Vee.EXCHANGE;
        }
        if (Vee.status(whole) == ValueStatus.MISSING) {
            return Vee.pack(0, ValueStatus.MISSING, (Vee.flags(whole) & ~Vee.EXCHANGE) | Vee.GAP | xflag);
        }
        long units = share(p, Vee.units(whole), a + 1, (int) (b - a), s);
        return Vee.pack(units, ValueStatus.ESTIMATED, Vee.GAP | xflag, lastMethod);
    }

    /**
     * The cut-off estimate of slot {@code s} of (local) point {@code p}, whose closing reading is missing: the mean of
     * its measured values in slot {@code s} over the {@value #RECENT_DAYS} previous days, else the profile value (import
     * only; an export value without history is MISSING). ESTIMATED, flags GAP | CUTOFF.
     */
    long atCutoff(int p, long s) {
        long sum = 0;
        int n = 0;
        for (int d = 1; d <= RECENT_DAYS; d++) {
            long v = days.get(s - (long) d * jp.ami.model.Slots.SLOTS_PER_DAY, p);
            if (measured(v)) {
                sum += Vee.units(v);
                n++;
            }
        }
        if (n > 0) {
            return Vee.pack(sum / n, ValueStatus.ESTIMATED, Vee.GAP | Vee.CUTOFF, Vee.Method.RECENT_DAYS);
        }
        if (space.isExport()) {
            return missing();
        }
        return Vee.pack(LoadProfile.units(s, master.contractAmperes(space.point(p))), ValueStatus.ESTIMATED,
                Vee.GAP | Vee.CUTOFF, Vee.Method.PROFILE);
    }

    private static boolean measured(long v) {
        return Vee.isSet(v) && Vee.status(v) == ValueStatus.PRESENT && Vee.units(v) >= 0;
    }

    /** MISSING, flagged GAP: no reading on one side. */
    static long missing() {
        return Vee.pack(0, ValueStatus.MISSING, Vee.GAP);
    }

    /**
     * The share of slot {@code s} when {@code total} units are distributed over {@code n} slots from
     * {@code firstSlot}: weights are the like-day values when every one of them is measured and they sum to more
     * than 0, else equal. Largest remainder: floor shares, then one unit each to the slots with the largest
     * remainders (earlier slot first on ties), so the shares sum to {@code total} exactly.
     */
    long share(int p, long total, long firstSlot, int n, long s) {
        long[] w = n <= profile.length ? profile : new long[n];
        long sum = weights(p, firstSlot, n, w);
        long[] q = new long[n];
        long[] rem = new long[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            // total × w / sum without overflow: total ≤ 2^40-ish, w ≤ sum
            BigInteger[] qr = BigInteger.valueOf(total).multiply(BigInteger.valueOf(w[i])).divideAndRemainder(BigInteger.valueOf(sum));
            q[i] = qr[0].longValueExact();
            rem[i] = qr[1].longValueExact();
            given += q[i];
        }
        long left = total - given; // 0 ≤ left < n
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> rem[y] != rem[x] ? Long.compare(rem[y], rem[x]) : Integer.compare(x, y));
        for (int i = 0; i < left; i++) {
            q[order[i]]++;
        }
        return q[(int) (s - firstSlot)];
    }

    /**
     * Fills {@code w[0 … n)} with the first usable weights — the like day, the recent days' means, the load profile
     * (import) — or all 1; returns their sum and leaves the method in {@link #lastMethod}.
     */
    private long weights(int p, long firstSlot, int n, long[] w) {
        long sum = likeDay(p, firstSlot, n, w);
        lastMethod = Vee.Method.LIKE_DAY;
        if (sum <= 0) {
            sum = recentDays(p, firstSlot, n, w);
            lastMethod = Vee.Method.RECENT_DAYS;
        }
        if (sum <= 0 && !space.isExport()) {
            sum = 0;
            for (int i = 0; i < n; i++) {
                w[i] = LoadProfile.perMille(jp.ami.model.Slots.number(firstSlot + i));
                sum += w[i];
            }
            lastMethod = Vee.Method.PROFILE;
        }
        if (sum <= 0) {
            Arrays.fill(w, 0, n, 1);
            sum = n;
            lastMethod = Vee.Method.LINEAR;
        }
        return sum;
    }

    /** The like day's values as weights; 0 when one of them is not measured. */
    private long likeDay(int p, long firstSlot, int n, long[] w) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long v = days.get(firstSlot + i - SlotEngine.LIKE_DAY_SLOTS, p);
            if (!measured(v)) {
                return 0;
            }
            w[i] = Vee.units(v);
            sum += w[i];
        }
        return sum;
    }

    /** Per slot the sum of the measured values over the recent days (∝ their mean); 0 when a slot has none. */
    private long recentDays(int p, long firstSlot, int n, long[] w) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long total = 0;
            int count = 0;
            for (int d = 1; d <= RECENT_DAYS; d++) {
                long v = days.get(firstSlot + i - (long) d * jp.ami.model.Slots.SLOTS_PER_DAY, p);
                if (measured(v)) {
                    total += Vee.units(v);
                    count++;
                }
            }
            if (count == 0) {
                return 0;
            }
            w[i] = total * (840 / count); // the mean, scaled by lcm(1…7) = 840 so it stays an exact integer weight
            sum += w[i];
        }
        return sum;
    }
}
