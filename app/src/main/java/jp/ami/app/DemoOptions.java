package jp.ami.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import jp.ami.sim.FaultConfig;

/**
 * How a demo run is set up.
 *
 * @param meters     simulated meters (= supply points)
 * @param slots      30-minute slots to run
 * @param firstSlot  number (1–48) of the first slot on {@code date}
 * @param date       JST date of the first slot
 * @param speed      simulated clock speed; 0 picks one so the run takes about a minute
 * @param varDir     where PKI, data and logs go (default {@code var/})
 * @param fixedPorts true: the documented ports (front 8443, QuestDB 9000/8812, HES 7201/5683, delivery 8081);
 *                   false: free ports chosen by the OS (tests)
 * @param out        where progress lines go
 * @param faults     what the simulated A-route does wrong (rates 0–1); {@link FaultConfig#NONE} for a clean run
 * @param pvPerMille meters with rooftop PV sending export (0xEB) readings, per mille
 */
public record DemoOptions(int meters, int slots, int firstSlot, LocalDate date, long speed, Path varDir, boolean fixedPorts, PrintStream out,
                          FaultConfig faults, int pvPerMille) {
    public DemoOptions(int meters, int slots, int firstSlot, LocalDate date, long speed, Path varDir, boolean fixedPorts, PrintStream out) {
        this(meters, slots, firstSlot, date, speed, varDir, fixedPorts, out, FaultConfig.NONE);
    }

    /** Without rooftop PV. */
    public DemoOptions(int meters, int slots, int firstSlot, LocalDate date, long speed, Path varDir, boolean fixedPorts, PrintStream out,
                       FaultConfig faults) {
        this(meters, slots, firstSlot, date, speed, varDir, fixedPorts, out, faults, 0);
    }

    /** The longest run: 62 days, two reading periods of every group. */
    public static final int MAX_SLOTS = 48 * 62;

    public DemoOptions {
        if (meters < 1) {
            throw new InvalidValueException("meters", meters, "must be at least 1");
        }
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new InvalidValueException("slots", slots, "must be 1–" + MAX_SLOTS + " (" + MAX_SLOTS / 48 + " days)");
        }
        jp.ami.model.Slots.checkNumber(firstSlot);
        if (speed < 0) {
            throw new InvalidValueException("speed", speed, "must be 0 (auto) or positive");
        }
    }
}
