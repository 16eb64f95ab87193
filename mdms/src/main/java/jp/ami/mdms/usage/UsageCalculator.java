package jp.ami.mdms.usage;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Slots;

/**
 * Computes a point's {@link PeriodUsage} from what the engine issued: the 30-minute values of every slot of the
 * period ({@link DayValues}), the export values ({@link ExportSource}) and the registers at the period's two ends
 * ({@link DayRegisters}). Exact integer arithmetic throughout (0.0001 kWh).
 *
 * <p>The period is cut at the first day whose registers were captured: before it the MDMS did not run and has
 * nothing to total. The registers' difference is {@code (end − start) mod 10^digits × unit × coefficient}; with a
 * meter exchange inside the period it is the old meter's {@code (final − start)} plus the new meter's
 * {@code (end − initial)} (master data gives final and initial). Engine thread only.
 */
final class UsageCalculator {
    private final DayValues values;
    private final DayRegisters registers;
    private final ExportSource export;
    private final ReadingPeriods periods;
    private final jp.ami.mdms.master.MasterData master;
    private final Map<Long, Boolean> captured = new HashMap<>();

    UsageCalculator(DayValues values, DayRegisters registers, ExportSource export, ReadingPeriods periods,
                    jp.ami.mdms.master.MasterData master) {
        this.values = values;
        this.registers = registers;
        this.export = export;
        this.periods = periods;
        this.master = master;
    }

    /** Forgets which days had registers (call once per close: new days get captured). */
    void newClose() {
        captured.clear();
        lastEnd = null;
    }

    private boolean captured(long epochDay) {
        return captured.computeIfAbsent(epochDay, registers::has);
    }

    /**
     * Maps, on this thread, every day file {@link #compute} will read for periods from {@code earliestStart} to the day
     * the last close asked about, so threads writing notices only read mappings (the maps of {@link DayValues} and
     * {@link DayRegisters} are not thread-safe to grow).
     */
    void prepare(LocalDate earliestStart) {
        LocalDate end = lastEnd == null ? earliestStart : lastEnd;
        long first = Slots.firstOfDay(earliestStart.toEpochDay());
        long last = Slots.firstOfDay(end.toEpochDay());
        for (long s = first; s < last; s++) {
            values.get(s, 0);
        }
        export.prepare(first, last);
        for (LocalDate d = earliestStart; !d.isAfter(end); d = d.plusDays(1)) {
            registers.get(d.toEpochDay(), 0);
        }
    }

    private LocalDate lastEnd;

    /** The first day in {@code [start, end)} the registers were captured for; {@code end} when none. */
    LocalDate dataStart(LocalDate start, LocalDate end) {
        if (lastEnd == null || end.isAfter(lastEnd)) {
            lastEnd = end;
        }
        for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
            if (captured(d.toEpochDay())) {
                return d;
            }
        }
        return end;
    }

    /** Computes {@code p}'s usage of kind {@code kind} for the period that ends at 00:00 of {@code end}, into {@code u}. */
    void compute(int p, NoticeKind kind, LocalDate end, PeriodUsage u) {
        LocalDate start = dataStart(periods.start(p, end), end);
        u.point = p;
        u.kind = kind;
        u.start = start;
        u.end = end;
        u.nextReadingDay = periods.nextReadingDay(p, end);
        long first = Slots.firstOfDay(start.toEpochDay());
        long last = Slots.firstOfDay(end.toEpochDay());
        int n = (int) (last - first);
        if (u.slots.length < n) {
            u.slots = new long[n];
            u.exportSlots = new long[n];
        }
        u.slotCount = n;
        long total = 0, max = 0, exp = 0;
        int present = 0, estimated = 0, missing = 0;
        boolean hasExport = false;
        for (int i = 0; i < n; i++) {
            long v = values.get(first + i, p);
            u.slots[i] = v;
            ValueStatus s = Vee.isSet(v) ? Vee.status(v) : ValueStatus.MISSING;
            if (s == ValueStatus.MISSING) {
                missing++;
            } else {
                long units = Vee.units(v);
                total += units;
                max = Math.max(max, units);
                if (s == ValueStatus.PRESENT) {
                    present++;
                } else {
                    estimated++;
                }
            }
            long x = export.packed(first + i, p);
            u.exportSlots[i] = x;
            if (Vee.isSet(x)) {
                hasExport = true;
                if (Vee.status(x) != ValueStatus.MISSING) {
                    exp += Vee.units(x);
                }
            }
        }
        u.totalUnits = total;
        u.maxUnits = max;
        u.exportUnits = exp;
        u.hasExport = hasExport;
        u.present = present;
        u.estimated = estimated;
        u.missing = missing;
        registers(p, start, end, first, last, u);
    }

    private void registers(int p, LocalDate start, LocalDate end, long first, long last, PeriodUsage u) {
        long from = start.isBefore(end) ? registers.get(start.toEpochDay(), p) : 0;
        long to = registers.get(end.toEpochDay(), p);
        u.startRegister = from;
        u.endRegister = to;
        Exchange x = master.exchange(p);
        u.exchange = x != null && x.slot() >= first && x.slot() < last ? x : null;
        u.oldMeterUnits = Long.MIN_VALUE;
        u.newMeterUnits = Long.MIN_VALUE;
        if (u.exchange != null) {
            if (DayRegisters.isKnown(from)) {
                u.oldMeterUnits = DayRegisters.unitsBetween(DayRegisters.register(from), withRegister(from, x.oldFinal()));
            }
            if (DayRegisters.isKnown(to)) {
                u.newMeterUnits = DayRegisters.unitsBetween(x.newInitial(), to);
            }
            u.registerUnits = u.oldMeterUnits != Long.MIN_VALUE && u.newMeterUnits != Long.MIN_VALUE
                    ? u.oldMeterUnits + u.newMeterUnits : Long.MIN_VALUE;
        } else {
            u.registerUnits = DayRegisters.isKnown(from) && DayRegisters.isKnown(to)
                    ? DayRegisters.unitsBetween(DayRegisters.register(from), to) : Long.MIN_VALUE;
        }
        if (u.registerUnits == Long.MIN_VALUE) {
            u.check = RegisterCheck.UNVERIFIABLE;
        } else {
            u.check = u.missing == 0 && u.totalUnits == u.registerUnits ? RegisterCheck.MATCHES : RegisterCheck.MISMATCH;
        }
    }

    /** {@code packed}'s format with another register value. */
    private static long withRegister(long packed, long register) {
        return DayRegisters.pack(register, DayRegisters.unitCode(packed), DayRegisters.digits(packed), DayRegisters.coefficient(packed));
    }
}
