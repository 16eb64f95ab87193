package jp.ami.sim;

import jp.ami.model.Slots;

/**
 * A plausible household load and rooftop-PV shape, all integer arithmetic, exact in 0.0001 kWh:
 * <ul>
 *   <li>time of day: a night trough, a morning peak around 07:00 and an evening peak around 19:00–21:00 JST;</li>
 *   <li>weekday: 15 % more at weekends;</li>
 *   <li>season: by JST month, more in winter (heating) and high summer (air conditioning), least in May and
 *       October (85 %–130 %);</li>
 *   <li>per meter: scale 0.5×–2× with ±20 % noise per slot, never more than the contract capacity lets through
 *       in 30 minutes ({@link MeterPopulation#slotCapacityUnits});</li>
 *   <li>PV ({@link MeterPopulation#pvWatts}): generation 06:00–18:00 JST along a half-sine, by season (summer
 *       days are longer and brighter) and by a per-day cloud factor; the export (0xEB) is what generation leaves
 *       after the household's own use.</li>
 * </ul>
 */
public final class LoadProfile {
    /** Typical household draw per slot number 1–48, in 0.0001 kWh (0.1 Wh); about 10 kWh a day. */
    private static final int[] BASE = {
            1300, 1200, 1100, 1000, 950, 900, 900, 900, 950, 1000, 1100, 1300,
            1700, 2300, 2800, 2600, 2100, 1800, 1700, 1700, 1800, 1900, 2000, 2100,
            2000, 1900, 1800, 1800, 1900, 2000, 2200, 2500, 3000, 3500, 3900, 4100,
            4200, 4200, 4000, 3700, 3400, 3000, 2700, 2400, 2100, 1900, 1600, 1400};
    /** Consumption by JST month (January first), percent. */
    private static final int[] SEASON = {130, 125, 105, 90, 85, 95, 120, 130, 105, 90, 100, 120};
    /** PV yield by JST month, percent of the yearly best. */
    private static final int[] SUN = {55, 65, 80, 90, 100, 85, 95, 100, 80, 70, 60, 50};
    /** Half-sine over slots 13–36 (06:00–18:00), per mille of peak. */
    private static final int[] SINE = new int[48];

    static {
        for (int n = 13; n <= 36; n++) {
            SINE[n - 1] = (int) Math.round(1000 * Math.sin(Math.PI * (n - 12.5) / 24));
        }
    }

    private final long seed;
    private final MeterPopulation meters;

    public LoadProfile(long seed) {
        this(seed, null);
    }

    /** With a population: consumption is capped by each meter's contract, and PV meters export. */
    public LoadProfile(long seed, MeterPopulation meters) {
        this.seed = seed;
        this.meters = meters;
    }

    /** Last (slot index, month) looked up, packed {@code slotIndex << 4 | month}; racy but always consistent. */
    private volatile long monthCache = Long.MIN_VALUE;

    private int month(long slotIndex) {
        long c = monthCache;
        if (c != Long.MIN_VALUE && c >> 4 == slotIndex) {
            return (int) (c & 0xF);
        }
        int m = Slots.jstDate(slotIndex).getMonthValue();
        monthCache = slotIndex << 4 | m;
        return m;
    }

    /** Energy meter {@code meterIndex} uses during slot {@code slotIndex}, in 0.0001 kWh, always ≥ 0. */
    public long slotUnits(int meterIndex, long slotIndex) {
        int n = Slots.number(slotIndex);
        long dow = Math.floorMod(Slots.jstEpochDay(slotIndex) + 3, 7); // 0 = Monday
        int weekend = dow >= 5 ? 115 : 100;
        int season = SEASON[month(slotIndex) - 1];
        int scale = 50 + Mix.below(Mix.mix(seed, meterIndex, 11), 151);      // 50–200 %
        int noise = 80 + Mix.below(Mix.mix(seed, meterIndex, slotIndex), 41); // 80–120 %
        long units = (long) BASE[n - 1] * weekend / 100 * season / 100 * scale / 100 * noise / 100;
        return meters == null ? units : Math.min(units, meters.slotCapacityUnits(meterIndex));
    }

    /** PV energy generated during the slot, 0.0001 kWh (0 without PV or at night). */
    public long pvUnits(int meterIndex, long slotIndex) {
        int watts = meters == null ? 0 : meters.pvWatts(meterIndex);
        int sine = SINE[Slots.number(slotIndex) - 1];
        if (watts == 0 || sine == 0) {
            return 0;
        }
        int cloud = 30 + Mix.below(Mix.mix(seed, meterIndex / 1000, Slots.jstEpochDay(slotIndex)), 71); // per area & day
        // W × 0.5 h = Wh/2 → 0.0001 kWh = 0.1 Wh: × 5
        return (long) watts * 5 * sine / 1000 * SUN[month(slotIndex) - 1] / 100 * cloud / 100;
    }

    /** Energy drawn from the grid in the slot (0xEA advances by this): use not covered by own PV. */
    public long importUnits(int meterIndex, long slotIndex) {
        long use = slotUnits(meterIndex, slotIndex);
        return use - Math.min(use, pvUnits(meterIndex, slotIndex));
    }

    /** Exported energy in the slot: generation beyond the household's own use. */
    public long exportUnits(int meterIndex, long slotIndex) {
        return Math.max(0, pvUnits(meterIndex, slotIndex) - slotUnits(meterIndex, slotIndex));
    }
}
