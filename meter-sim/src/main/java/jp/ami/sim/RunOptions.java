package jp.ami.sim;

import java.time.Clock;
import java.time.LocalDate;
import jp.ami.model.Slots;
import picocli.CommandLine.Option;

/**
 * What a simulated run covers ({@code @Mixin RunOptions run;}, in {@code ./ami sim} and {@code ./ami demo}):
 * {@code --meters} meters for {@code --slots} 30-minute slots from slot {@code --first-slot} of JST day
 * {@code --date} (default: today by the clock).
 */
public final class RunOptions {
    @Option(names = "--meters", defaultValue = "10000", description = "Number of simulated meters (default ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--slots", defaultValue = "4", description = "30-minute slots to run (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--date", description = "JST date of the first slot (default today).")
    LocalDate date;

    @Option(names = "--first-slot", defaultValue = "1", description = "Number (1–48) of the first slot (default ${DEFAULT-VALUE}).")
    int firstSlot;

    /** {@code --meters}. */
    public int meters() {
        return meters;
    }

    /** {@code --slots}. */
    public int slots() {
        return slots;
    }

    /** {@code --first-slot}: its number 1–48 in the day. */
    public int firstSlot() {
        return firstSlot;
    }

    /** {@code --date}, else today in JST by {@code clock}. */
    public LocalDate date(Clock clock) {
        return date != null ? date : LocalDate.now(clock.withZone(Slots.JST));
    }

    /** The index of the run's first slot: {@code --first-slot} of {@link #date}. */
    public long firstSlotIndex(Clock clock) {
        return Slots.index(date(clock), firstSlot);
    }
}
