package jp.ami.sim;

import jp.ami.model.Slots;

/**
 * A plausible household daily load shape: a night trough, a morning peak around 07:00 and an evening peak
 * around 19:00–21:00 JST, a little more at weekends, scaled per meter (0.5×–2×) with ±20 % noise per slot.
 * All integer arithmetic; the result is the exact energy a meter uses in one slot, in 0.0001 kWh.
 */
public final class LoadProfile {
    /** Typical household draw per slot number 1–48, in 0.0001 kWh (0.1 Wh); about 10 kWh a day. */
    private static final int[] BASE = {
            1300, 1200, 1100, 1000, 950, 900, 900, 900, 950, 1000, 1100, 1300,
            1700, 2300, 2800, 2600, 2100, 1800, 1700, 1700, 1800, 1900, 2000, 2100,
            2000, 1900, 1800, 1800, 1900, 2000, 2200, 2500, 3000, 3500, 3900, 4100,
            4200, 4200, 4000, 3700, 3400, 3000, 2700, 2400, 2100, 1900, 1600, 1400};

    private final long seed;

    public LoadProfile(long seed) {
        this.seed = seed;
    }

    /** Energy meter {@code meterIndex} uses during slot {@code slotIndex}, in 0.0001 kWh, always ≥ 0. */
    public long slotUnits(int meterIndex, long slotIndex) {
        int n = Slots.number(slotIndex);
        long dow = Math.floorMod(Slots.jstEpochDay(slotIndex) + 3, 7); // 0 = Monday
        int weekend = dow >= 5 ? 115 : 100;
        int scale = 50 + Mix.below(Mix.mix(seed, meterIndex, 11), 151);      // 50–200 %
        int noise = 80 + Mix.below(Mix.mix(seed, meterIndex, slotIndex), 41); // 80–120 %
        return (long) BASE[n - 1] * weekend / 100 * scale / 100 * noise / 100;
    }
}
