package jp.ami.mdms.slots;

import jp.ami.model.Slots;

/**
 * The documented load profile the estimation falls back to when a point has no measured history of its own: a
 * Japanese low-voltage household's day in 48 per-mille shares (low at night, a morning peak 07:00–08:30, an evening
 * peak 18:00–21:00), and a day's energy of {@value #DAILY_UNITS_AT_30A} units of 0.0001 kWh (8.6 kWh, about the national
 * household average of 260 kWh a month) at a 30 A contract, proportional to the contract amperes (10 A … 60 A;
 * other contracts are clamped to that range). A slot's profile value never exceeds the contract capacity per slot.
 *
 * <pre>
 * slot   1–12 (00:00–06:00)  14 13 12 12 11 11 11 11 11 12 12 14
 * slot  13–24 (06:00–12:00)  20 26 30 30 27 24 20 19 18 18 18 19
 * slot  25–36 (12:00–18:00)  21 20 18 17 17 17 18 19 21 23 26 29
 * slot  37–48 (18:00–24:00)  32 34 35 35 34 32 30 28 25 22 19 15      (sum 1000)
 * </pre>
 * Used for cut-off estimates ({@link GapEstimator#atCutoff}) and as the weights that distribute a closed gap's known
 * difference when neither the like day nor the recent days are usable. Import values only: export (PV) values have
 * no default profile.
 */
public final class LoadProfile {
    /** A day's energy at a 30 A contract, 0.0001 kWh. */
    public static final long DAILY_UNITS_AT_30A = 86_000;
    private static final int[] PER_MILLE = {
        14, 13, 12, 12, 11, 11, 11, 11, 11, 12, 12, 14,
        20, 26, 30, 30, 27, 24, 20, 19, 18, 18, 18, 19,
        21, 20, 18, 17, 17, 17, 18, 19, 21, 23, 26, 29,
        32, 34, 35, 35, 34, 32, 30, 28, 25, 22, 19, 15};

    private LoadProfile() {
    }

    /** The per-mille share of slot number {@code slotNumber} (1–48) in a day. */
    public static int perMille(int slotNumber) {
        return PER_MILLE[slotNumber - 1];
    }

    /** The profile value of slot {@code slotIndex} for a contract of {@code amperes}, 0.0001 kWh (floor). */
    public static long units(long slotIndex, int amperes) {
        int a = Math.max(10, Math.min(60, amperes));
        long v = DAILY_UNITS_AT_30A * a * perMille(Slots.number(slotIndex)) / (30L * 1000);
        return amperes > 0 ? Math.min(v, jp.ami.mdms.values.Vee.capacityUnitsPerSlot(amperes)) : v;
    }
}
