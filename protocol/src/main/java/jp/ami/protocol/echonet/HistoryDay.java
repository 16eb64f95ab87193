package jp.ami.protocol.echonet;

import java.util.Arrays;

/**
 * A reusable, mutable day of a meter's cumulative-reading history (ECHONET Lite 0xE2): what
 * {@link HistoryDayCodec} fills and writes. One instance is re-pointed per frame; it is not thread-safe.
 *
 * <p>{@code dayStartEpochSecond} is the JST midnight of the history's day (the meter's current date 0x98 minus
 * the 0xE2 day, in days ago); value k is the raw register at {@code dayStartEpochSecond + k × 1800}, or
 * {@link EchonetLite#HISTORY_NO_DATA}. Coefficient, digits and unit are 0xD3 (1 when absent), 0xD7, 0xE1.
 */
public final class HistoryDay {
    public static final int VALUES = 48;

    private int tid;
    private long currentDayStartEpochSecond;
    private int daysAgo;
    private final long[] values = new long[VALUES];
    private long coefficient = 1;
    private boolean coefficientPresent = true;
    private int digits;
    private int unitCode = -1;
    /** The decoder's cursor over this day's frames, reused so that decoding allocates nothing. */
    private final PropertyWalker walker = new PropertyWalker();

    public HistoryDay() {
        Arrays.fill(values, EchonetLite.HISTORY_NO_DATA);
    }

    /** Sets every field; values default to "no data" until {@link #value(int, long)} sets them. */
    public HistoryDay set(int tid, long currentDayStartEpochSecond, int daysAgo, long coefficient, int digits, int unitCode) {
        decoded(tid, currentDayStartEpochSecond, daysAgo, coefficient, true, digits, unitCode);
        Arrays.fill(values, EchonetLite.HISTORY_NO_DATA);
        return this;
    }

    public int tid() {
        return tid;
    }

    /** JST midnight of the meter's current date (0x98). */
    public long currentDayStartEpochSecond() {
        return currentDayStartEpochSecond;
    }

    /** The 0xE2 day: days before the meter's current date. */
    public int daysAgo() {
        return daysAgo;
    }

    /** JST midnight of the history's day. */
    public long dayStartEpochSecond() {
        return currentDayStartEpochSecond - daysAgo * 86_400L;
    }

    /** The boundary value k (0–47) stands for. */
    public long boundaryEpochSecond(int k) {
        return dayStartEpochSecond() + k * 1800L;
    }

    /** Raw register at boundary k, or {@link EchonetLite#HISTORY_NO_DATA}. */
    public long value(int k) {
        return values[k];
    }

    public HistoryDay value(int k, long register) {
        values[k] = register;
        return this;
    }

    public long coefficient() {
        return coefficient;
    }

    public boolean coefficientPresent() {
        return coefficientPresent;
    }

    public HistoryDay noCoefficient() {
        coefficient = 1;
        coefficientPresent = false;
        return this;
    }

    public int digits() {
        return digits;
    }

    public int unitCode() {
        return unitCode;
    }

    PropertyWalker walker() {
        return walker;
    }

    /** Sets every field but the values (the decoder's result, and {@link #set}). */
    void decoded(int tid, long currentDayStart, int daysAgo, long coefficient, boolean coefficientPresent, int digits,
                 int unitCode) {
        this.tid = tid;
        this.currentDayStartEpochSecond = currentDayStart;
        this.daysAgo = daysAgo;
        this.coefficient = coefficient;
        this.coefficientPresent = coefficientPresent;
        this.digits = digits;
        this.unitCode = unitCode;
    }

    long[] values() {
        return values;
    }
}
