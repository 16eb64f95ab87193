package jp.ami.mdms.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.outbox.OutboxFile;
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
 * <p>Engine thread only (the stats and listeners may be read from any thread).
 */
public final class UsageNotices {
    private record NoticeKey(NoticeKind kind, long epochDay, int retailer) implements Comparable<NoticeKey> {
        @Override
        public int compareTo(NoticeKey o) {
            int c = Long.compare(epochDay, o.epochDay);
            c = c != 0 ? c : kind.compareTo(o.kind);
            return c != 0 ? c : Integer.compare(retailer, o.retailer);
        }
    }

    private final MasterData master;
    private final SupplyRegistry registry;
    private final int recordsPerFile;
    private final ReadingPeriods periods;
    private final UsageCalculator calculator;
    private final UsageFileWriter writer;
    private final Outbox outbox;
    private final Clock clock;
    private final PeriodUsage usage = new PeriodUsage();
    private final List<NoticeListener> listeners = new CopyOnWriteArrayList<>();
    private final TreeSet<NoticeKey> revisedNotices = new TreeSet<>();
    private int[] idOrder = new int[0];
    private volatile long files, monthly, exchanges, specials, matches, mismatches, unverifiable, cannotProvide, reissues;
    private volatile long lastCloseNanos, lastClosePoints;

    public UsageNotices(MdmsConfig config, ReadingCalendar calendar, MasterData master, DayValues values, DayRegisters registers,
                        ExportSource export, Outbox outbox, Clock clock) {
        this(config, calendar, master, values, registers, export, outbox, clock, new UsageFileWriter(config));
    }

    /** With the notices written by {@code writer}. */
    public UsageNotices(MdmsConfig config, ReadingCalendar calendar, MasterData master, DayValues values, DayRegisters registers,
                        ExportSource export, Outbox outbox, Clock clock, UsageFileWriter writer) {
        this.master = master;
        this.registry = master.registry();
        this.recordsPerFile = config.recordsPerFile();
        this.periods = new ReadingPeriods(calendar, master);
        this.calculator = new UsageCalculator(values, registers, export, periods, master);
        this.writer = writer;
        this.outbox = outbox;
        this.clock = clock;
    }

    public void addListener(NoticeListener l) {
        listeners.add(l);
    }

    /** Takes over the listeners of {@code other} (an engine rebuilt by replay keeps its listeners). */
    public void copyListenersFrom(UsageNotices other) {
        listeners.addAll(other.listeners);
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
        int n = 0;
        long points = 0;
        for (Map.Entry<NoticeKey, int[]> e : notices.entrySet()) {
            n += publish(e.getKey(), e.getValue(), 0, createdAt, true);
            points += e.getValue().length;
        }
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
        int[] order = idOrder();
        for (int p : order) {
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
        }
        Map<NoticeKey, int[]> sorted = new java.util.TreeMap<>();
        out.forEach((key, list) -> sorted.put(key, list.toArray()));
        return sorted;
    }

    private static void add(Map<NoticeKey, IntList> out, NoticeKey key, int p, int onlyRetailer) {
        if (onlyRetailer < 0 || key.retailer() == onlyRetailer) {
            out.computeIfAbsent(key, k -> new IntList()).add(p);
        }
    }

    private int[] idOrder() {
        int n = registry.size();
        if (idOrder.length != n) {
            idOrder = registry.indexesInIdOrder();
        }
        return idOrder;
    }

    /** Publishes one notice (all its splits) as {@code revision}; counts its records when {@code first}; returns how many files. */
    private int publish(NoticeKey key, int[] points, int revision, LocalDateTime createdAt, boolean first) {
        OperatorCode retailer = registry.retailer(key.retailer());
        LocalDate date = LocalDate.ofEpochDay(key.epochDay());
        int files = 0;
        int split = 1;
        for (int from = 0; from < points.length; from += recordsPerFile, split++) {
            int f = from;
            int to = Math.min(points.length, from + recordsPerFile);
            int sp = split;
            String name = UsageFileNames.zip(key.kind(), date, revision, split);
            long size;
            try {
                size = outbox.publish(retailer, name, out -> writer.writeZip(key.kind(), date, revision, sp, retailer, registry,
                        points, f, to, p -> computed(p, key, first), createdAt, out));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish " + name + " for " + retailer, e);
            }
            files++;
            this.files++;
            java.time.Instant at = clock.instant();
            for (NoticeListener l : listeners) {
                l.noticePublished(retailer, name, key.kind(), date, revision, to - f, size, at);
            }
        }
        return files;
    }

    private PeriodUsage computed(int p, NoticeKey key, boolean first) {
        calculator.compute(p, key.kind(), LocalDate.ofEpochDay(key.epochDay()), usage);
        if (first) {
            count(usage);
        }
        return usage;
    }

    private void count(PeriodUsage u) {
        switch (u.kind()) {
            case MONTHLY -> monthly++;
            case EXCHANGE -> exchanges++;
            case SPECIAL -> specials++;
        }
        if (u.kind() == NoticeKind.EXCHANGE) {
            return;
        }
        if (!u.canProvide()) {
            cannotProvide++;
            return;
        }
        switch (u.check()) {
            case MATCHES -> matches++;
            case MISMATCH -> mismatches++;
            case UNVERIFIABLE -> unverifiable++;
        }
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
        int n = 0;
        for (NoticeKey key : due) {
            LocalDate date = LocalDate.ofEpochDay(key.epochDay());
            int[] points = select(date, key.retailer()).getOrDefault(key, new int[0]);
            if (points.length == 0) {
                continue;
            }
            int revision = nextRevision(registry.retailer(key.retailer()), UsageFileNames.stem(key.kind(), date));
            n += publish(key, points, revision, createdAt, false);
            reissues++;
        }
        return n;
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
        return new UsageStats(files, monthly, exchanges, specials, matches, mismatches, unverifiable, cannotProvide, reissues,
                lastCloseNanos, lastClosePoints);
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
