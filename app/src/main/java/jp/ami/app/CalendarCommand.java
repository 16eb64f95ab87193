package jp.ami.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Slots;
import jp.ami.model.calendar.ReadingCalendar;
import jp.ami.model.calendar.ReadingDay;
import jp.ami.model.csv.CsvTable;
import jp.ami.service.ClockOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ami calendar}: the reading days (実検針日) of each reading group for some months — the basic day, the actual
 * one and why it moved (the weekend or holiday skipped) — printed as a table and optionally written as CSV
 * {@code reading_group,month,basic_day,reading_day,moved_by_days,reason} (both days as dates {@code YYYY-MM-DD}).
 * The first month is the current JST month by the clock ({@link ClockOptions}: {@code --clock-start}) unless given.
 */
@Command(name = "calendar", mixinStandardHelpOptions = true, version = "calendar 0.1.0",
        description = "Print (and export) the reading days of the reading groups: basic day, actual day, and the weekend or holiday that moved it.")
public final class CalendarCommand implements Callable<Integer> {
    static final List<String> CSV_HEADER = List.of("reading_group", "month", "basic_day", "reading_day", "moved_by_days", "reason");

    @Option(names = "--from", paramLabel = "YYYY-MM", description = "first month (default: the current month, JST)")
    String from;
    @Option(names = "--months", paramLabel = "N", defaultValue = "3", description = "number of months (default: ${DEFAULT-VALUE})")
    int months;
    @Option(names = "--group", paramLabel = "N", description = "only this reading group (default: all)")
    Integer group;
    @Option(names = "--groups", paramLabel = "FILE", description = "CSV reading_group,basic_day of the groups (default: the built-in 20 groups)")
    Path groupsFile;
    @Option(names = "--csv", paramLabel = "FILE", description = "also write the rows as CSV to FILE")
    Path csv;
    @Mixin
    ClockOptions clockOptions;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    /** The command on the clock of {@code --clock-start} (or the system clock). */
    public CalendarCommand() {
        this(null);
    }

    /** The command on {@code clock} (tests); null = the clock of the options. */
    CalendarCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (months < 1 || months > 240) {
            throw new InvalidValueException("months", months, "must be 1–240");
        }
        ReadingCalendar calendar = groupsFile == null ? ReadingCalendar.standard() : ReadingCalendar.load(groupsFile);
        if (group != null && !calendar.hasGroup(group)) {
            calendar.basicDay(group); // the calendar's own message: which groups there are
        }
        YearMonth first = firstMonth();
        List<ReadingDay> rows = new ArrayList<>();
        for (int g : group == null ? calendar.groups() : List.of(group)) {
            for (int i = 0; i < months; i++) {
                rows.add(calendar.schedule(g, first.plusMonths(i)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("reading days %s – %s, %s%n", first, first.plusMonths(months - 1L),
                group != null ? "group " + group : calendar.groupCount() + " groups"
                        + (groupsFile == null ? " (built-in; --groups FILE for a utility's own)" : " from " + groupsFile));
        out.printf("%5s  %-7s  %-10s  %-10s  %5s  %s%n", "group", "month", "basic", "reading", "moved", "why");
        for (ReadingDay r : rows) {
            out.println(String.format("%5d  %-7s  %-10s  %-10s  %5s  %s", r.group(), r.month(), r.basicDate(), r.date(),
                    r.moved() ? "+" + r.movedByDays() : "-", r.reason()).stripTrailing());
        }
        if (csv != null) {
            CsvTable.write(csv, CSV_HEADER, rows.stream().map(CalendarCommand::csvRow).toList());
            out.printf("wrote %d rows to %s%n", rows.size(), csv.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    private YearMonth firstMonth() {
        if (from != null) {
            try {
                return YearMonth.parse(from.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidValueException("from", from, "must be a month YYYY-MM");
            }
        }
        Clock c = clock != null ? clock : clockOptions.clock();
        return YearMonth.from(c.instant().atZone(Slots.JST));
    }

    private static List<String> csvRow(ReadingDay r) {
        return List.of(Integer.toString(r.group()), r.month().toString(), r.basicDate().toString(), r.date().toString(),
                Long.toString(r.movedByDays()), r.reason());
    }
}
