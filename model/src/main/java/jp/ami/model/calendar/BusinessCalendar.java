package jp.ami.model.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import jp.ami.model.InvalidValueException;

/**
 * Business days (営業日) of the network operator: every day except Saturdays, Sundays and the public holidays of
 * Japan ({@link JapaneseHolidays}: 国民の祝日, 振替休日, 国民の休日). The year-end days (12-29 – 01-03) are business
 * days here, as in the 祝日法; a utility that closes then publishes them in its 検針日程表 instead.
 *
 * <p>Used for the actual reading day (実検針日, {@link ReadingCalendar}) and for deadlines counted in business days,
 * such as the confirmed-usage notice due within 4 business days of the reading day. Immutable and thread-safe;
 * the holiday rules cover {@value JapaneseHolidays#FIRST_YEAR}–{@value JapaneseHolidays#LAST_YEAR}, other years
 * raise {@link InvalidValueException}.
 */
public final class BusinessCalendar {
    private static final BusinessCalendar JAPAN = new BusinessCalendar();

    private BusinessCalendar() {
    }

    /** Weekends and the public holidays of Japan are not business days. */
    public static BusinessCalendar japan() {
        return JAPAN;
    }

    /** True unless {@code d} is a Saturday, a Sunday or a public holiday. */
    public boolean isBusinessDay(LocalDate d) {
        DayOfWeek w = d.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && JapaneseHolidays.on(d).isEmpty();
    }

    /** The English name of the public holiday on {@code d}, e.g. {@code Labour Thanksgiving Day}; empty on other days. */
    public Optional<String> holidayName(LocalDate d) {
        return JapaneseHolidays.on(d).map(JapaneseHolidays.Holiday::name);
    }

    /**
     * Why {@code d} is not a business day — its holiday name, else {@code Saturday} or {@code Sunday} — or empty on a
     * business day. A holiday on a weekend is named by the holiday.
     */
    public Optional<String> closedBecause(LocalDate d) {
        Optional<String> holiday = holidayName(d);
        if (holiday.isPresent()) {
            return holiday;
        }
        DayOfWeek w = d.getDayOfWeek();
        return w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY ? Optional.of(w.getDisplayName(TextStyle.FULL, Locale.ENGLISH)) : Optional.empty();
    }

    /** {@code d} if it is a business day, else the next business day after it. */
    public LocalDate onOrAfter(LocalDate d) {
        LocalDate x = Objects.requireNonNull(d, "date");
        while (!isBusinessDay(x)) {
            x = x.plusDays(1);
        }
        return x;
    }

    /** The {@code n}-th business day after {@code d} ({@code n = 0}: {@code d} itself, business day or not). */
    public LocalDate plusBusinessDays(LocalDate d, int n) {
        if (n < 0) {
            throw new InvalidValueException("businessDays", n, "must not be negative");
        }
        LocalDate x = Objects.requireNonNull(d, "date");
        for (int i = 0; i < n; i++) {
            x = onOrAfter(x.plusDays(1));
        }
        return x;
    }

    /** The number of business days in {@code (from, to]}: 0 when {@code to} is not after {@code from}. */
    public int businessDaysAfter(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate x = from.plusDays(1); !x.isAfter(to); x = x.plusDays(1)) {
            if (isBusinessDay(x)) {
                n++;
            }
        }
        return n;
    }
}
