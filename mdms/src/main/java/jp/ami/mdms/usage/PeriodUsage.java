package jp.ami.mdms.usage;

import java.time.LocalDate;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.values.Vee;

/**
 * One supply point's usage over one reading period {@code [start, end)} (whole JST days), computed by
 * {@link UsageCalculator} into a reused instance: the issued 30-minute values of every slot ({@link Vee#pack packed},
 * 0 = nothing issued), their total and maximum, the registers at both ends and how they compare.
 */
public final class PeriodUsage {
    int point;
    NoticeKind kind;
    LocalDate start;
    LocalDate end;
    LocalDate nextReadingDay;
    long[] slots = new long[0];
    long[] exportSlots = new long[0];
    int slotCount;
    long totalUnits;
    long maxUnits;
    long exportUnits;
    boolean hasExport;
    int present;
    int estimated;
    int missing;
    long startRegister;
    long endRegister;
    /** Register difference in 0.0001 kWh, or Long.MIN_VALUE when unknown. */
    long registerUnits = Long.MIN_VALUE;
    RegisterCheck check;
    Exchange exchange;
    long oldMeterUnits = Long.MIN_VALUE;
    long newMeterUnits = Long.MIN_VALUE;

    public int point() {
        return point;
    }

    public NoticeKind kind() {
        return kind;
    }

    /** First day of the period. */
    public LocalDate start() {
        return start;
    }

    /** The day the period ends at (00:00): the reading day, switch date, or the day after an exchange. */
    public LocalDate end() {
        return end;
    }

    public LocalDate nextReadingDay() {
        return nextReadingDay;
    }

    /** Number of slots of the period. */
    public int slotCount() {
        return slotCount;
    }

    /** The packed issued value of the period's {@code i}-th slot (0 = nothing issued). */
    public long slot(int i) {
        return slots[i];
    }

    /** The packed export value of the {@code i}-th slot, 0 when none. */
    public long exportSlot(int i) {
        return exportSlots[i];
    }

    /** Total of the present and estimated values, 0.0001 kWh. */
    public long totalUnits() {
        return totalUnits;
    }

    /** Largest 30-minute value, 0.0001 kWh. */
    public long maxUnits() {
        return maxUnits;
    }

    /** Maximum demand in 0.0001 kW: the largest 30-minute energy × 2 (a 30-minute average). */
    public long maxDemandUnits() {
        return maxUnits * 2;
    }

    public boolean hasExport() {
        return hasExport;
    }

    public long exportUnits() {
        return exportUnits;
    }

    public int present() {
        return present;
    }

    public int estimated() {
        return estimated;
    }

    public int missing() {
        return missing;
    }

    /** False when the point has no usable value in the period (the "cannot provide" code). */
    public boolean canProvide() {
        return present + estimated > 0;
    }

    /** {@link jp.ami.mdms.values.DayRegisters packed} register at 00:00 of the start, 0 when unknown. */
    public long startRegister() {
        return startRegister;
    }

    public long endRegister() {
        return endRegister;
    }

    public boolean registersKnown() {
        return registerUnits != Long.MIN_VALUE;
    }

    /** The energy the registers say passed in the period, 0.0001 kWh (meaningful when {@link #registersKnown}). */
    public long registerUnits() {
        return registerUnits;
    }

    public RegisterCheck check() {
        return check;
    }

    /** The meter exchange inside the period, or null. */
    public Exchange exchange() {
        return exchange;
    }

    /** Energy on the old meter from the start to the exchange (registers), Long.MIN_VALUE when unknown. */
    public long oldMeterUnits() {
        return oldMeterUnits;
    }

    /** Energy on the new meter from the exchange to the end (registers), Long.MIN_VALUE when unknown. */
    public long newMeterUnits() {
        return newMeterUnits;
    }
}
