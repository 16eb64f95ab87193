package jp.ami.mdms.usage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.outbox.OutboxFile;
import jp.ami.mdms.slots.FileOrder;
import jp.ami.mdms.usage.NoticePublisher.FileJob;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.xml.UsageFileWriter;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;

/**
 * Issues the confirmed-usage notices (確定使用量, W5 files; SPEC §4a) as the engine's days close.
 *
 * <h2>When</h2>
 * At the tick of slot 1 of JST day {@code D} (its cut-off: every value up to 00:00 of D is final and the registers
 * at 00:00 of D have been captured), {@link #dayStarted} publishes, per retailer:
 * <ul>
 *   <li>{@code W51220D…}: the monthly notice of every point whose reading day is D, to the retailer that supplied it
 *       on D − 1, for its period {@code [previous reading day or switch, D)} ({@link ReadingPeriods});</li>
 *   <li>{@code W51420D…}: the special reading of every point whose retailer changes at 00:00 of D off its reading
 *       day, to the outgoing retailer, for {@code [period start, D)}; the incoming retailer's next monthly notice
 *       starts at D, so the two add up to the month;</li>
 *   <li>{@code W51320D…}: the meter-exchange notice of every point whose meter was exchanged on D − 1, to the
 *       retailer supplying it at the exchange: both meters' registers and the usage on each since the period start.
 *       The period's monthly notice spans both meters.</li>
 * </ul>
 * A notice is therefore downloadable on its date, well inside the 4 business days the rules allow. A period of which the
 * MDMS holds no day (it started on the period's end) gives no notice: there is nothing it could confirm.
 *
 * <h2>Re-issues</h2>
 * When the engine revises a value ({@link #revised}) in a period whose notice was already issued, the notice of
 * that (kind, date, retailer) is re-issued at the end of the tick ({@link #reissueRevised}) with the next revision
 * number, all its points recomputed. Revision numbers come from the outbox (the highest published + 1), so they
 * survive restarts; a crash after writing a re-issue but before the tick completed can skip a number when the tick
 * is redone, never reuse one. First issues are always revision 00 and are simply rewritten when a tick is redone.
 *
 * <p>This class selects the notices and their revisions; {@link NoticePublisher} writes their files.
 *
 * <p>Engine thread only (the stats and listeners may be read from any thread).
 */
public final class UsageNotices {
    private final MasterData master;
    private final SupplyRegistry registry;
    private final ReadingPeriods periods;
    private final UsageCalculator calculator;
    private final NoticePublisher publisher;
    private final Outbox outbox;
    private final TreeSet<NoticeKey> revisedNotices = new TreeSet<>();
    private final FileOrder order;
    private volatile long reissues;
    private volatile long lastCloseNanos, lastClosePoints;

    public UsageNotices(MdmsConfig config, ReadingCalendar calendar, MasterData master, DayValues values, DayRegisters registers,
                        ExportSource export, Outbox outbox, Clock clock) {
        this(config, calendar, master, values, registers, export, outbox, clock, () -> new UsageFileWriter(config));
    }

    /** With the notices written by writers from {@code writer} (one per writing thread). */
    public UsageNotices(MdmsConfig config, ReadingCalendar calendar, MasterData master, DayValues values, DayRegisters registers,
                        ExportSource export, Outbox outbox, Clock clock, Supplier<UsageFileWriter> writer) {
        this(config, calendar, master, values, registers, export, outbox, clock, writer, new FileOrder(master.registry()));
    }

    /** Reading the points in ID order from {@code order} (the engine shares its files' order: no second copy kept). */
    public UsageNotices(MdmsConfig config, ReadingCalendar calendar, MasterData master, DayValues values, DayRegisters registers,
                        ExportSource export, Outbox outbox, Clock clock, Supplier<UsageFileWriter> writer,
                        FileOrder order) {
        this.order = order;
        this.master = master;
        this.registry = master.registry();
        this.periods = new ReadingPeriods(calendar, master);
        this.calculator = new UsageCalculator(values, registers, export, periods, master);
        this.outbox = outbox;
        this.publisher = new NoticePublisher(registry, config.recordsPerFile(), calculator, writer, outbox, clock);
    }

    public void addListener(NoticeListener l) {
        publisher.addListener(l);
    }

    /** Takes over the listeners of {@code other} (an engine rebuilt by replay keeps its listeners). */
    public void copyListenersFrom(UsageNotices other) {
        publisher.copyListenersFrom(other.publisher);
    }

    public ReadingCalendar calendar() {
        return periods.calendar();
    }

    /** Point {@code p}'s reading group. */
    public int readingGroup(int p) {
        return periods.group(p);
    }

    /**
     * Day {@code epochDay} has started (the tick of its slot 1): publishes its notices when {@code sideEffects};
     * returns how many files.
     */
    public int dayStarted(long epochDay, LocalDateTime createdAt, boolean sideEffects) {
        if (!sideEffects) {
            return 0;
        }
        long t0 = System.nanoTime();
        periods.refreshSwitches();
        calculator.newClose();
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        Map<NoticeKey, int[]> notices = select(day, -1);
        List<FileJob> jobs = new ArrayList<>();
        long points = 0;
        for (Map.Entry<NoticeKey, int[]> e : notices.entrySet()) {
            jobs.addAll(publisher.fileJobs(e.getKey(), e.getValue(), 0));
            points += e.getValue().length;
        }
        int n = publish(jobs, createdAt, true);
        lastCloseNanos = System.nanoTime() - t0;
        lastClosePoints = points;
        return n;
    }

    /**
     * The points (ID order) of each notice due on {@code day}, by (kind, retailer); only retailer {@code onlyRetailer}
     * when it is not −1.
     */
    private Map<NoticeKey, int[]> select(LocalDate day, int onlyRetailer) {
        long d = day.toEpochDay();
        long lastSlotBefore = Slots.firstOfDay(d) - 1;
        Map<NoticeKey, IntList> out = new HashMap<>();
        int n = registry.size();
        int[] ids = order.points(n);
        for (int i = 0; i < n; i++) {
            int p = ids[i];
            NoticeKind k = periods.closingOn(p, day);
            if (k != null && calculator.dataStart(periods.start(p, day), day).equals(day)) {
                k = null; // the MDMS holds no day of this period (it started on its last day): nothing to confirm
            }
            if (k != null) {
                add(out, new NoticeKey(k, d, registry.retailerIndexAt(p, lastSlotBefore)), p, onlyRetailer);
            }
            Exchange x = master.exchange(p) == null ? null : periods.exchangeOn(p, d - 1);
            if (x != null) {
                add(out, new NoticeKey(NoticeKind.EXCHANGE, d, registry.retailerIndexAt(p, x.slot())), p, onlyRetailer);
            }
            if (k != null || x != null) {
                warm(p, day);
            }
        }
        Map<NoticeKey, int[]> sorted = new TreeMap<>();
        out.forEach((key, list) -> sorted.put(key, list.toArray()));
        return sorted;
    }

    /** Earliest period start of the points {@link #warm}ed since the last {@link #select}'s caller reset it. */
    private LocalDate earliestStart;

    /**
     * Asks every cached question about {@code p}'s period ending on {@code end} now, on the engine thread, and maps the
     * files it reads up to {@link #earliestStart}: the pool's threads then only read caches and mappings.
     */
    private void warm(int p, LocalDate end) {
        LocalDate start = calculator.dataStart(periods.start(p, end), end);
        periods.nextReadingDay(p, end);
        if (earliestStart == null || start.isBefore(earliestStart)) {
            earliestStart = start;
        }
    }

    private static void add(Map<NoticeKey, IntList> out, NoticeKey key, int p, int onlyRetailer) {
        if (onlyRetailer < 0 || key.retailer() == onlyRetailer) {
            out.computeIfAbsent(key, k -> new IntList()).add(p);
        }
    }

    /** Publishes the files of {@code jobs} ({@code first}: first issues), the caches and mappings they read warmed first. */
    private int publish(List<FileJob> jobs, LocalDateTime createdAt, boolean first) {
        if (jobs.isEmpty()) {
            return 0;
        }
        prepare();
        return publisher.publish(jobs, createdAt, first);
    }

    /** Maps the values, export values and registers the jobs read (from {@link #earliestStart}) on this thread. */
    private void prepare() {
        if (earliestStart != null) {
            calculator.prepare(earliestStart);
            earliestStart = null;
        }
    }

    /** Stops the writing threads. */
    public void close() {
        publisher.close();
    }

    /**
     * The engine revised the value of {@code slot} for {@code points[0 … n)} during the tick of {@code tickSlot}: notes
     * the monthly and special notices already issued whose period holds the slot.
     */
    public void revised(long slot, int[] points, int n, long tickSlot) {
        LocalDate day = Slots.jstDate(slot);
        periods.refreshSwitches();
        for (int i = 0; i < n; i++) {
            int p = points[i];
            ReadingPeriods.Closing c = periods.closingAfter(p, day);
            long end = c.end().toEpochDay();
            if (Slots.firstOfDay(end) < tickSlot) { // the close of that day already ran
                revisedNotices.add(new NoticeKey(c.kind(), end, registry.retailerIndexAt(p, Slots.firstOfDay(end) - 1)));
            }
        }
    }

    /** Re-issues the notices {@link #revised} noted, each with its next revision; returns how many files. */
    public int reissueRevised(LocalDateTime createdAt, boolean sideEffects) {
        if (revisedNotices.isEmpty()) {
            return 0;
        }
        List<NoticeKey> due = new ArrayList<>(revisedNotices);
        revisedNotices.clear();
        if (!sideEffects) {
            return 0;
        }
        periods.refreshSwitches();
        calculator.newClose();
        List<FileJob> jobs = new ArrayList<>();
        for (NoticeKey key : due) {
            LocalDate date = LocalDate.ofEpochDay(key.epochDay());
            int[] points = select(date, key.retailer()).getOrDefault(key, new int[0]);
            if (points.length == 0) {
                continue;
            }
            int revision = nextRevision(registry.retailer(key.retailer()), UsageFileNames.stem(key.kind(), date));
            jobs.addAll(publisher.fileJobs(key, points, revision));
            reissues++;
        }
        return publish(jobs, createdAt, false);
    }

    /** One more than the highest revision of {@code stem} in the retailer's outbox (0 when none). */
    private int nextRevision(OperatorCode retailer, String stem) {
        int max = -1;
        for (OutboxFile f : outbox.listAfter(retailer.value(), stem, null)) {
            if (f.name().startsWith(stem)) {
                max = Math.max(max, UsageFileNames.revision(f.name()));
            }
        }
        return Math.min(99, max + 1);
    }

    public UsageStats stats() {
        return publisher.stats(reissues, lastCloseNanos, lastClosePoints);
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
