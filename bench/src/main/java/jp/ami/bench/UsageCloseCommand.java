package jp.ami.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.usage.ExportSource;
import jp.ami.mdms.usage.UsageNotices;
import jp.ami.mdms.usage.UsageStats;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ami bench close --points N --date D}: how long the confirmed-usage close of one day takes. N supply points
 * (4 retailers, the standard 20 reading groups by the default assignment); for the points whose reading day is
 * {@code D}, the issued values of every slot of their period and the registers at both ends are written first
 * (as the engine would have), then {@link UsageNotices#dayStarted} selects, computes and writes their monthly
 * notices (W51220, one record per point with its 48 slots per day). Reported: records, files, bytes, seconds,
 * records/s. Warm-up: the close runs {@code --runs} times (first issue each time, over the same files); the
 * best and the last are printed.
 */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = "Time the confirmed-usage close of one reading day (monthly W5 notices) over N supply points.")
public final class UsageCloseCommand implements Callable<Integer> {
    @Option(names = "--points", defaultValue = "1000000", description = "supply points in the population (default: ${DEFAULT-VALUE})")
    int points;
    @Option(names = "--date", defaultValue = "2026-11-24", description = "the reading day to close (default: ${DEFAULT-VALUE})")
    LocalDate date;
    @Option(names = "--runs", defaultValue = "3", description = "closes to time (default: ${DEFAULT-VALUE})")
    int runs;
    @Mixin
    WorkDirOption workDir;

    @Override
    public Integer call() throws Exception {
        workDir.run("usage-close", this::run);
        return 0;
    }

    private void run(Path work) throws Exception {
        MasterData master = SyntheticMaster.of(points, 4);
        ReadingCalendar calendar = ReadingCalendar.standard();
        MdmsConfig config = MdmsConfig.defaults(work);
        DayValues values = new DayValues(work.resolve("days"), points);
        DayRegisters registers = new DayRegisters(work.resolve("registers"), points);
        long t0 = System.nanoTime();
        int closing = fill(master, calendar, values, registers);
        System.out.printf("%,d points, %,d read on %s; values and registers of their period written in %.1f s%n", points, closing,
                date, (System.nanoTime() - t0) / 1e9);
        Outbox outbox = Outbox.open(work.resolve("outbox"));
        UsageNotices usage = new UsageNotices(config, calendar, master, values, registers, ExportSource.NONE, outbox, Clock.systemUTC());
        long[] bytes = {0};
        usage.addListener((retailer, name, kind, d, revision, n, size, at) -> bytes[0] += size);
        double best = Double.MAX_VALUE;
        for (int r = 1; r <= runs; r++) {
            bytes[0] = 0;
            long s = System.nanoTime();
            int files = usage.dayStarted(date.toEpochDay(), LocalDateTime.of(date, java.time.LocalTime.of(0, 50)), true);
            double seconds = (System.nanoTime() - s) / 1e9;
            best = Math.min(best, seconds);
            UsageStats st = usage.stats();
            System.out.printf("close %d: %,d records in %d files (%,d bytes zipped) in %.2f s: %,.0f records/s, %,.0f slot values/s%n", r,
                    st.lastClosePoints(), files, bytes[0], seconds, st.lastClosePoints() / seconds,
                    st.lastClosePoints() * (double) periodSlots(calendar) / seconds);
        }
        System.out.printf("best %.2f s for %,d records (%,d points in the population)%n", best, closing, points);
        values.close();
        registers.close();
    }

    /** Slots of the standard group's period ending on {@link #date}. */
    private long periodSlots(ReadingCalendar calendar) {
        int g = calendar.groups().stream().filter(x -> calendar.isReadingDay(x, date)).findFirst().orElse(calendar.groups().get(0));
        LocalDate start = calendar.previousReadingDay(g, date);
        return (date.toEpochDay() - start.toEpochDay()) * Slots.SLOTS_PER_DAY;
    }

    /** Writes the period's values (5 steps of 0.01 kWh a slot) and both registers of every point read on the date. */
    private int fill(MasterData master, ReadingCalendar calendar, DayValues values, DayRegisters registers) {
        SupplyRegistry registry = master.registry();
        int closing = 0;
        long packed = Vee.pack(500, ValueStatus.PRESENT, 0);
        for (int p = 0; p < points; p++) {
            int g = calendar.groupOf(registry.pointAt(p));
            if (!calendar.isReadingDay(g, date)) {
                continue;
            }
            closing++;
            LocalDate start = calendar.previousReadingDay(g, date);
            long first = Slots.firstOfDay(start.toEpochDay());
            long last = Slots.firstOfDay(date.toEpochDay());
            for (long s = first; s < last; s++) {
                values.put(s, p, packed);
            }
            registers.put(start.toEpochDay(), p, DayRegisters.pack(1000, 0x02, 6, 1));
            registers.put(date.toEpochDay(), p, DayRegisters.pack(1000 + 5 * (last - first), 0x02, 6, 1));
        }
        return closing;
    }
}
