package jp.ami.mdms.usage;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;

/**
 * Where each supply point's reading periods begin and end. A period ends (and a notice is due) on:
 * <ul>
 *   <li>the point's <b>reading day</b> (実検針日 of its reading group): a {@link NoticeKind#MONTHLY monthly} notice to
 *       the retailer that supplied the point on the day before;</li>
 *   <li>a <b>switch of retailer off the reading day</b> (the customer asked for another date): a
 *       {@link NoticeKind#SPECIAL special reading} to the outgoing retailer; the incoming retailer's period starts
 *       there. A switch on the reading day just starts the incoming retailer's period.</li>
 * </ul>
 * A period starts at the latest of: the previous reading day, the latest switch date after it, and the first day
 * the MDMS captured registers for (it did not run before: the period is partial and its notice covers the days it
 * has). Periods are whole JST days {@code [start, end)}: the register at 00:00 of {@code end} closes the period.
 * Switches take effect at 00:00 JST (the switching service schedules them so); a switch scheduled inside a day
 * counts from the start of its day.
 */
final class ReadingPeriods {
    private final ReadingCalendar calendar;
    private final MasterData master;
    private final SupplyRegistry registry;
    private final byte[] groups;
    /** Switch days (JST epoch day) of the switched points, ascending. */
    private Map<Integer, long[]> switchDays = Map.of();
    /** Calendar answers by (group, epoch day): the close asks the same few for every point of the population. */
    private final Map<Long, Boolean> readingDays = new HashMap<>();
    private final Map<Long, LocalDate> previous = new HashMap<>();
    private final Map<Long, LocalDate> next = new HashMap<>();

    ReadingPeriods(ReadingCalendar calendar, MasterData master) {
        this.calendar = calendar;
        this.master = master;
        this.registry = master.registry();
        int n = registry.size();
        this.groups = new byte[n];
        for (int p = 0; p < n; p++) {
            int g = master.readingGroup(p);
            groups[p] = (byte) (g > 0 ? g : calendar.groupOf(registry.pointAt(p)));
        }
    }

    ReadingCalendar calendar() {
        return calendar;
    }

    int group(int p) {
        return groups[p];
    }

    /** Reloads the switch days from the registry (switches arrive while the MDMS runs). */
    void refreshSwitches() {
        int[] switched = registry.switchedPoints();
        Map<Integer, long[]> m = new HashMap<>();
        for (int p : switched) {
            List<SupplyRegistry.Switch> s = registry.switches(p);
            long[] days = new long[s.size()];
            for (int i = 0; i < days.length; i++) {
                days[i] = Slots.jstEpochDay(s.get(i).fromSlot());
            }
            m.put(p, days);
        }
        switchDays = m;
    }

    /** Whether {@code day} is point {@code p}'s reading day. */
    boolean isReadingDay(int p, LocalDate day) {
        int g = groups[p];
        return readingDays.computeIfAbsent(key(g, day), k -> calendar.isReadingDay(g, day));
    }

    private static long key(int group, LocalDate day) {
        return day.toEpochDay() * 128 + group;
    }

    private LocalDate previousReadingDay(int g, LocalDate day) {
        return previous.computeIfAbsent(key(g, day), k -> calendar.previousReadingDay(g, day));
    }

    /** Whether the retailer of {@code p} changes at 00:00 of {@code epochDay} (and whether the day is then off-cycle is the caller's). */
    boolean switchesOn(int p, long epochDay) {
        long[] d = switchDays.get(p);
        if (d == null) {
            return false;
        }
        for (long x : d) {
            if (x == epochDay && registry.retailerIndexAt(p, Slots.firstOfDay(x)) != registry.retailerIndexAt(p, Slots.firstOfDay(x) - 1)) {
                return true;
            }
        }
        return false;
    }

    /** What closes for {@code p} on {@code day}: MONTHLY, SPECIAL or null. */
    NoticeKind closingOn(int p, LocalDate day) {
        if (isReadingDay(p, day)) {
            return NoticeKind.MONTHLY;
        }
        return switchesOn(p, day.toEpochDay()) ? NoticeKind.SPECIAL : null;
    }

    /** The start (inclusive) of {@code p}'s period that ends at {@code end}, before the data-start adjustment. */
    LocalDate start(int p, LocalDate end) {
        LocalDate start = previousReadingDay(groups[p], end);
        long[] d = switchDays.get(p);
        if (d != null) {
            for (long x : d) {
                LocalDate s = LocalDate.ofEpochDay(x);
                if (s.isAfter(start) && s.isBefore(end) && switchesOn(p, x)) {
                    start = s;
                }
            }
        }
        return start;
    }

    /**
     * The end of the period containing JST date {@code day} for {@code p}: its next reading day or the first
     * off-cycle switch before it, with the kind of notice that ends it.
     */
    Closing closingAfter(int p, LocalDate day) {
        LocalDate next = nextReadingDay(p, day);
        long[] d = switchDays.get(p);
        if (d != null) {
            for (long x : d) {
                LocalDate s = LocalDate.ofEpochDay(x);
                if (s.isAfter(day) && s.isBefore(next) && switchesOn(p, x)) {
                    return new Closing(NoticeKind.SPECIAL, s);
                }
            }
        }
        return new Closing(NoticeKind.MONTHLY, next);
    }

    /** A period's end and the notice it gives. */
    record Closing(NoticeKind kind, LocalDate end) {
    }

    /** The next reading day of {@code p} strictly after {@code day} (JP06446). */
    LocalDate nextReadingDay(int p, LocalDate day) {
        int g = groups[p];
        return next.computeIfAbsent(key(g, day), k -> calendar.nextReadingDay(g, day));
    }

    /** The exchange of {@code p} when its slot falls on JST epoch day {@code epochDay}, else null. */
    Exchange exchangeOn(int p, long epochDay) {
        Exchange x = master.exchange(p);
        return x != null && Slots.jstEpochDay(x.slot()) == epochDay ? x : null;
    }
}
