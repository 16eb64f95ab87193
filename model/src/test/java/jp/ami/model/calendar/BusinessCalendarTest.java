package jp.ami.model.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {
    private final BusinessCalendar cal = BusinessCalendar.japan();

    @Test
    void weekends_and_holidays_are_not_business_days() {
        assertThat(cal.isBusinessDay(LocalDate.of(2026, 11, 20))).isTrue(); // Friday
        assertThat(cal.isBusinessDay(LocalDate.of(2026, 11, 21))).isFalse(); // Saturday
        assertThat(cal.isBusinessDay(LocalDate.of(2026, 11, 22))).isFalse(); // Sunday
        assertThat(cal.isBusinessDay(LocalDate.of(2026, 11, 23))).isFalse(); // Labour Thanksgiving Day, Monday
        assertThat(cal.isBusinessDay(LocalDate.of(2026, 11, 24))).isTrue();
        assertThat(cal.holidayName(LocalDate.of(2026, 11, 23))).contains("Labour Thanksgiving Day");
        assertThat(cal.holidayName(LocalDate.of(2026, 11, 22))).isEmpty();
        assertThat(cal.closedBecause(LocalDate.of(2026, 11, 22))).contains("Sunday");
        assertThat(cal.closedBecause(LocalDate.of(2026, 5, 3))).contains("Constitution Memorial Day");
        assertThat(cal.closedBecause(LocalDate.of(2026, 11, 24))).isEmpty();
    }

    @Test
    void on_or_after_and_plus_business_days_skip_golden_week() {
        assertThat(cal.onOrAfter(LocalDate.of(2026, 5, 1))).isEqualTo(LocalDate.of(2026, 5, 1)); // Friday
        assertThat(cal.onOrAfter(LocalDate.of(2026, 5, 2))).isEqualTo(LocalDate.of(2026, 5, 7)); // Sat … Wed 05-06 substitute
        assertThat(cal.plusBusinessDays(LocalDate.of(2026, 5, 1), 0)).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(cal.plusBusinessDays(LocalDate.of(2026, 5, 2), 0)).isEqualTo(LocalDate.of(2026, 5, 2));
        assertThat(cal.plusBusinessDays(LocalDate.of(2026, 5, 1), 1)).isEqualTo(LocalDate.of(2026, 5, 7));
        assertThat(cal.plusBusinessDays(LocalDate.of(2026, 5, 1), 4)).isEqualTo(LocalDate.of(2026, 5, 12));
        assertThatThrownBy(() -> cal.plusBusinessDays(LocalDate.of(2026, 5, 1), -1)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void business_days_after_counts_the_half_open_interval() {
        // the confirmed-usage notice: within 4 business days of the reading day 2026-11-20 → by 2026-11-27
        LocalDate reading = LocalDate.of(2026, 11, 20);
        assertThat(cal.plusBusinessDays(reading, 4)).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(cal.businessDaysAfter(reading, LocalDate.of(2026, 11, 27))).isEqualTo(4);
        assertThat(cal.businessDaysAfter(reading, LocalDate.of(2026, 11, 23))).isZero();
        assertThat(cal.businessDaysAfter(reading, reading)).isZero();
        assertThat(cal.businessDaysAfter(reading, reading.minusDays(3))).isZero();
        for (int n = 0; n < 30; n++) {
            assertThat(cal.businessDaysAfter(reading, cal.plusBusinessDays(reading, n))).isEqualTo(n);
        }
    }

    @Test
    void a_year_has_its_weekdays_minus_the_weekday_holidays() {
        // 2026: 261 weekdays, of which 17 are holidays (of the 18, only 05-03 falls on a weekend)
        int businessDays = cal.businessDaysAfter(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 12, 31));
        long weekdayHolidays = JapaneseHolidays.of(2026).keySet().stream()
                .filter(d -> d.getDayOfWeek().getValue() <= 5).count();
        assertThat(weekdayHolidays).isEqualTo(17);
        assertThat(businessDays).isEqualTo(261 - 17);
    }
}
