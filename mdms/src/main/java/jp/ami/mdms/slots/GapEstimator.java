package jp.ami.mdms.slots;

import java.math.BigInteger;
import java.util.Arrays;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;

/**
 * Estimation (the E of VEE) of a slot inside a {@link Gap}: once a later real reading closes the gap, the known
 * cumulative difference is distributed over the missing slots (ESTIMATED), shaped by the point's values on the like
 * day ({@link SlotEngine#LIKE_DAY_SLOTS} earlier) when all of them are measured and their sum is positive, linear
 * otherwise; largest-remainder rounding keeps the sum exact. A gap still open gives MISSING (flagged GAP).
 */
final class GapEstimator {
    private final MasterData master;
    private final SpanValidator validator;
    private final DayValues days;
    private final PointSpace space;
    /** Weights of a distribution, reused (a gap of up to 2 days). */
    private final long[] profile = new long[jp.ami.model.Slots.SLOTS_PER_DAY * 2];

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
            return missing();
        }
        int ib = ia + 1;
        if (ib >= g.n) {
            return missing();
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
        return Vee.pack(units, ValueStatus.ESTIMATED, Vee.GAP | xflag);
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

    /** Fills {@code w[0 … n)} with the like-day profile, or all 1 when it is not usable; returns their sum. */
    private long weights(int p, long firstSlot, int n, long[] w) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long v = days.get(firstSlot + i - SlotEngine.LIKE_DAY_SLOTS, p);
            if (!Vee.isSet(v) || Vee.status(v) != ValueStatus.PRESENT || Vee.units(v) < 0) {
                sum = 0;
                break;
            }
            w[i] = Vee.units(v);
            sum += w[i];
        }
        if (sum <= 0) {
            Arrays.fill(w, 0, n, 1);
            sum = n;
        }
        return sum;
    }
}
