package jp.ami.model.calendar;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/**
 * The reading day of one reading group in one month.
 *
 * @param group     the reading group
 * @param month     the month whose reading it is
 * @param basicDate the 基本検針日 in that month
 * @param date      the 実検針日: {@code basicDate}, or the next business day when that is a weekend or holiday (it
 *                  can fall in the next month, e.g. basic day 27 of a February ending on a weekend)
 * @param reason    why it moved: each skipped day and why it is no business day, e.g.
 *                  {@code 2026-11-22 Sunday, 2026-11-23 Labour Thanksgiving Day}; empty when it did not move
 */
public record ReadingDay(int group, YearMonth month, LocalDate basicDate, LocalDate date, String reason) {
    /** Calendar days between the basic and the actual reading day (0 when it did not move). */
    public long movedByDays() {
        return ChronoUnit.DAYS.between(basicDate, date);
    }

    /** True when the actual reading day is not the basic one. */
    public boolean moved() {
        return !date.equals(basicDate);
    }
}
