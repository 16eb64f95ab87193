package jp.ami.sim;

import java.util.Arrays;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Registers;
import jp.ami.model.Slots;

/**
 * The meter exchanges (計器取替) of a simulated run, planned before it ({@link MeterPopulation#planExchanges}): a
 * share of supply points, drawn from the population seed, get a new meter inside one of the run's slots.
 *
 * <ul>
 *   <li>Which points: {@code rate} of them (per point, once per run). Which slot: uniform over the run's slots.
 *       When: 20–29 minutes into that slot (whole minutes) — inside the slot, after the previous boundary's
 *       re-collection rounds and cut-off, so the old meter answers re-collection for every boundary it owns.</li>
 *   <li>The new meter's ID: the spare IDs right after the population, {@code firstMeterId + meters + x} for the
 *       x-th exchange in point order (the head-end learns them from the exchanges list, the MDMS from the
 *       exchanges CSV). Its key derives from the master key and that ID like every meter's; its frame counters
 *       start fresh; it has the old meter's unit, coefficient and digits (the MDMS requires that), and a small
 *       initial register 0–99.</li>
 *   <li>The old meter's final register: its register after the energy the point used up to the exchange instant
 *       (the slot's load-profile energy split pro rata by time). The new meter counts the rest of the slot and
 *       everything after. So the slot's value is (oldFinal − old reading at its start) + (new reading at its end
 *       − newInitial), exactly what the MDMS computes.</li>
 * </ul>
 * Arrays are indexed by exchange number x, in point order.
 */
public final class MeterExchanges {
    /** The header of the exchanges CSV ({@link jp.ami.model.MeterExchangeFile#HEADER}). */
    public static final String HEADER = jp.ami.model.MeterExchangeFile.HEADER;
    private static final long SALT = 0x65786368L;
    /** Earliest and latest offset of an exchange into its slot, seconds. */
    static final int FIRST_OFFSET = 1200;
    static final int OFFSET_STEPS = 10;

    public static final MeterExchanges NONE = new MeterExchanges(new int[0], new long[0], new long[0], 0, new long[0],
            new long[0], new long[0], new long[0]);

    private final int[] point;
    private final long[] slot;
    private final long[] at;
    private final long firstNewMeterId;
    private final long[] oldFinal;
    private final long[] newInitial;
    private final long[] energyAt;
    private final long[] exportAt;

    private MeterExchanges(int[] point, long[] slot, long[] at, long firstNewMeterId, long[] oldFinal, long[] newInitial,
                           long[] energyAt, long[] exportAt) {
        this.point = point;
        this.slot = slot;
        this.at = at;
        this.firstNewMeterId = firstNewMeterId;
        this.oldFinal = oldFinal;
        this.newInitial = newInitial;
        this.energyAt = energyAt;
        this.exportAt = exportAt;
    }

    static MeterExchanges plan(MeterPopulation m, LoadProfile profile, double rate, long firstSlot, int slots) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new InvalidValueException("exchange", rate, "must be a rate 0–1");
        }
        if (slots < 1) {
            throw new InvalidValueException("slots", slots, "must be at least 1");
        }
        if (rate == 0) {
            return NONE;
        }
        long seed = Mix.mix(m.config().seed(), SALT);
        int n = m.size();
        int[] pts = new int[16];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (Mix.unit(Mix.mix(seed, i)) < rate) {
                if (count == pts.length) {
                    pts = Arrays.copyOf(pts, count * 2);
                }
                pts[count++] = i;
            }
        }
        pts = Arrays.copyOf(pts, count);
        long[] slot = new long[count];
        long[] at = new long[count];
        long[] oldFinal = new long[count];
        long[] newInitial = new long[count];
        long[] energyAt = new long[count];
        long[] exportAt = new long[count];
        for (int x = 0; x < count; x++) {
            int i = pts[x];
            long h = Mix.mix(seed, i);
            long k = firstSlot + Mix.below(Mix.mix(h, 1), slots);
            int offset = FIRST_OFFSET + 60 * Mix.below(Mix.mix(h, 2), OFFSET_STEPS);
            long energy = 0;
            long export = 0;
            for (long s = firstSlot; s < k; s++) {
                energy += profile.importUnits(i, s);
                export += m.pvWatts(i) > 0 ? profile.exportUnits(i, s) : 0;
            }
            energy += profile.importUnits(i, k) * offset / Slots.SECONDS_PER_SLOT;
            export += m.pvWatts(i) > 0 ? profile.exportUnits(i, k) * offset / Slots.SECONDS_PER_SLOT : 0;
            slot[x] = k;
            at[x] = Slots.startEpochSecond(k) + offset;
            energyAt[x] = energy;
            exportAt[x] = export;
            oldFinal[x] = m.registerAt(i, energy);
            newInitial[x] = Mix.below(Mix.mix(h, 3), 100) % Registers.modulus(m.digits(i));
        }
        return new MeterExchanges(pts, slot, at, m.meterId(n - 1) + 1, oldFinal, newInitial, energyAt, exportAt);
    }

    /** Number of exchanges. */
    public int size() {
        return point.length;
    }

    public boolean isEmpty() {
        return point.length == 0;
    }

    /** Exchange number of point i, or -1. */
    public int indexOfPoint(int i) {
        if (point.length == 0) {
            return -1;
        }
        int x = Arrays.binarySearch(point, i);
        return x >= 0 ? x : -1;
    }

    /** The point whose new meter has this ID, or -1. */
    public int pointOfNewMeter(long meterId) {
        long x = meterId - firstNewMeterId;
        return point.length > 0 && x >= 0 && x < point.length ? point[(int) x] : -1;
    }

    /** Exchange number of a new meter ID, or -1. */
    public int indexOfNewMeter(long meterId) {
        long x = meterId - firstNewMeterId;
        return x >= 0 && x < point.length ? (int) x : -1;
    }

    /** Supply point (dense index) of exchange x. */
    public int point(int x) {
        return point[x];
    }

    /** The slot containing the exchange: readings closing it and later come from the new meter. */
    public long slot(int x) {
        return slot[x];
    }

    /** The exchange instant, epoch seconds (inside {@link #slot}). */
    public long atEpochSecond(int x) {
        return at[x];
    }

    public long newMeterId(int x) {
        return firstNewMeterId + x;
    }

    /** The old meter's register when removed. */
    public long oldFinal(int x) {
        return oldFinal[x];
    }

    /** The new meter's register when installed. */
    public long newInitial(int x) {
        return newInitial[x];
    }

    /** The point's cumulative energy since the run's start at the exchange instant, 0.0001 kWh. */
    public long energyAtExchange(int x) {
        return energyAt[x];
    }

    /** The point's cumulative export since the run's start at the exchange instant, 0.0001 kWh. */
    public long exportAtExchange(int x) {
        return exportAt[x];
    }
}
