package jp.ami.model.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import jp.ami.model.InvalidValueException;
import org.junit.jupiter.api.Test;

/** Against the Cabinet Office's lists (内閣府「国民の祝日について」) of the years named. */
class JapaneseHolidaysTest {
    private static List<LocalDate> dates(int year, String... monthDays) {
        return Arrays.stream(monthDays).map(md -> LocalDate.parse(year + "-" + md)).toList();
    }

    @Test
    void holidays_of_2026_are_the_cabinet_office_list() {
        assertThat(JapaneseHolidays.of(2026).keySet()).containsExactlyElementsOf(dates(2026,
                "01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06",
                "07-20", "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"));
        assertThat(JapaneseHolidays.on(LocalDate.of(2026, 5, 6))).get().extracting(JapaneseHolidays.Holiday::japaneseName).isEqualTo("振替休日");
        assertThat(JapaneseHolidays.on(LocalDate.of(2026, 9, 22))).get().extracting(JapaneseHolidays.Holiday::japaneseName).isEqualTo("国民の休日");
    }

    @Test
    void holidays_of_2027_are_the_cabinet_office_list() {
        assertThat(JapaneseHolidays.of(2027).keySet()).containsExactlyElementsOf(dates(2027,
                "01-01", "01-11", "02-11", "02-23", "03-21", "03-22", "04-29", "05-03", "05-04", "05-05",
                "07-19", "08-11", "09-20", "09-23", "10-11", "11-03", "11-23"));
        assertThat(JapaneseHolidays.on(LocalDate.of(2027, 3, 22))).get().extracting(JapaneseHolidays.Holiday::name).isEqualTo("Substitute Holiday");
    }

    @Test
    void holidays_of_2025_and_the_olympic_and_enthronement_years() {
        assertThat(JapaneseHolidays.of(2025).keySet()).containsExactlyElementsOf(dates(2025,
                "01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06",
                "07-21", "08-11", "09-15", "09-23", "10-13", "11-03", "11-23", "11-24"));
        // 2019: the enthronement days and the 国民の休日 around them; no 天皇誕生日 at all that year
        assertThat(JapaneseHolidays.of(2019).keySet()).contains(dates(2019, "04-29", "04-30", "05-01", "05-02", "05-06", "10-22").toArray(LocalDate[]::new))
                .doesNotContain(LocalDate.of(2019, 2, 23), LocalDate.of(2019, 12, 23));
        assertThat(JapaneseHolidays.of(2021).keySet()).contains(dates(2021, "07-22", "07-23", "08-08", "08-09").toArray(LocalDate[]::new))
                .doesNotContain(LocalDate.of(2021, 7, 19), LocalDate.of(2021, 10, 11), LocalDate.of(2021, 8, 11));
    }

    @Test
    void equinoxes_by_the_standard_formula() {
        // announced / published days: 2024 03-20 09-22, 2025 03-20 09-23, 2026 03-20 09-23, 2027 03-21 09-23,
        // 2028 03-20 09-22, 2029 03-20 09-23, 2030 03-20 09-23
        int[][] expected = {{2024, 20, 22}, {2025, 20, 23}, {2026, 20, 23}, {2027, 21, 23}, {2028, 20, 22}, {2029, 20, 23}, {2030, 20, 23}};
        for (int[] e : expected) {
            assertThat(JapaneseHolidays.vernalEquinoxDay(e[0])).as("vernal %d", e[0]).isEqualTo(e[1]);
            assertThat(JapaneseHolidays.autumnalEquinoxDay(e[0])).as("autumnal %d", e[0]).isEqualTo(e[2]);
        }
    }

    @Test
    void years_2028_to_2030_keep_the_substitute_and_citizens_rules() {
        // 2028: 05-03 Wed … nothing moves; 2029: 09-23 Sun → 09-24, 2030: 05-06 Mon substitute for 05-05 Sun
        assertThat(JapaneseHolidays.of(2029).keySet()).contains(LocalDate.of(2029, 9, 24), LocalDate.of(2029, 4, 30));
        assertThat(JapaneseHolidays.of(2030).keySet()).contains(LocalDate.of(2030, 5, 6));
        assertThat(JapaneseHolidays.of(2028).keySet()).doesNotContain(LocalDate.of(2028, 5, 6));
        // 国民の休日 again in 2032 (09-20 Mon 敬老の日, 09-22 Wed 秋分の日)
        assertThat(JapaneseHolidays.on(LocalDate.of(2032, 9, 21))).get().extracting(JapaneseHolidays.Holiday::name).isEqualTo("Citizens' Holiday");
    }

    @Test
    void years_outside_the_rules_are_refused() {
        assertThatThrownBy(() -> JapaneseHolidays.of(1999)).isInstanceOf(InvalidValueException.class).hasMessageContaining("year");
        assertThatThrownBy(() -> JapaneseHolidays.of(2100)).isInstanceOf(InvalidValueException.class).hasMessageContaining("2000–2099");
    }
}
