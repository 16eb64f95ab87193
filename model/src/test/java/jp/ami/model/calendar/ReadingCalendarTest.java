package jp.ami.model.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.model.InvalidValueException;
import jp.ami.model.SupplyPointId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingCalendarTest {
    private final ReadingCalendar cal = ReadingCalendar.standard();

    @TempDir
    Path dir;

    @Test
    void the_standard_calendar_has_twenty_groups() {
        assertThat(cal.groupCount()).isEqualTo(20);
        assertThat(cal.groups()).first().isEqualTo(1);
        assertThat(cal.groups()).last().isEqualTo(20);
        assertThat(cal.groups()).extracting(cal::basicDay)
                .containsExactly(1, 2, 3, 5, 6, 8, 9, 10, 12, 13, 15, 16, 17, 19, 20, 22, 23, 24, 26, 27);
        assertThat(cal.hasGroup(20)).isTrue();
        assertThat(cal.hasGroup(21)).isFalse();
        assertThat(cal.business()).isSameAs(BusinessCalendar.japan());
        assertThatThrownBy(() -> cal.basicDay(21)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("reading_group: \"21\"").hasMessageContaining("1–20");
    }

    @Test
    void a_holiday_after_a_sunday_moves_the_reading_day_two_days() {
        // 2026-11-22 is a Sunday, 2026-11-23 Labour Thanksgiving Day: groups 16 (day 22) and 17 (day 23) read on the 24th
        assertThat(cal.readingDay(16, YearMonth.of(2026, 11))).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(cal.readingDay(17, YearMonth.of(2026, 11))).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(cal.readingDay(18, YearMonth.of(2026, 11))).isEqualTo(LocalDate.of(2026, 11, 24));
        ReadingDay r = cal.schedule(16, YearMonth.of(2026, 11));
        assertThat(r.basicDate()).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(r.movedByDays()).isEqualTo(2);
        assertThat(r.reason()).isEqualTo("2026-11-22 Sunday, 2026-11-23 Labour Thanksgiving Day");
        assertThat(cal.isReadingDay(16, LocalDate.of(2026, 11, 22))).isFalse();
        assertThat(cal.isReadingDay(16, LocalDate.of(2026, 11, 24))).isTrue();
    }

    @Test
    void golden_week_moves_the_early_may_groups_to_the_seventh() {
        for (int group : List.of(2, 3, 4, 5)) { // days 2, 3, 5, 6: Sat 05-02 … Wed 05-06 (substitute holiday)
            assertThat(cal.readingDay(group, YearMonth.of(2026, 5))).as("group %d", group).isEqualTo(LocalDate.of(2026, 5, 7));
        }
        assertThat(cal.schedule(2, YearMonth.of(2026, 5)).movedByDays()).isEqualTo(5);
        assertThat(cal.schedule(2, YearMonth.of(2026, 5)).reason()).isEqualTo("2026-05-02 Saturday, 2026-05-03 Constitution Memorial Day, "
                + "2026-05-04 Greenery Day, 2026-05-05 Children's Day, 2026-05-06 Substitute Holiday");
        assertThat(cal.readingDay(1, YearMonth.of(2026, 5))).isEqualTo(LocalDate.of(2026, 5, 1));
    }

    @Test
    void a_weekend_moves_the_reading_day_to_monday_and_an_unmoved_day_has_no_reason() {
        ReadingDay r = cal.schedule(7, YearMonth.of(2026, 5)); // day 9: Saturday
        assertThat(r.date()).isEqualTo(LocalDate.of(2026, 5, 11));
        assertThat(r.reason()).isEqualTo("2026-05-09 Saturday, 2026-05-10 Sunday");
        ReadingDay same = cal.schedule(8, YearMonth.of(2026, 12)); // day 10: Thursday
        assertThat(same.moved()).isFalse();
        assertThat(same.movedByDays()).isZero();
        assertThat(same.reason()).isEmpty();
    }

    @Test
    void a_february_reading_day_can_move_into_march_and_stays_in_sequence() {
        // 2027-02-27 Saturday, 02-28 Sunday → Monday 03-01; March's own reading is 03-29 (03-27 Saturday)
        assertThat(cal.readingDay(20, YearMonth.of(2027, 2))).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(cal.isReadingDay(20, LocalDate.of(2027, 3, 1))).isTrue();
        assertThat(cal.nextReadingDay(20, LocalDate.of(2027, 2, 26))).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(cal.nextReadingDay(20, LocalDate.of(2027, 3, 1))).isEqualTo(LocalDate.of(2027, 3, 29));
        assertThat(cal.previousReadingDay(20, LocalDate.of(2027, 3, 29))).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(cal.previousReadingDay(20, LocalDate.of(2027, 3, 1))).isEqualTo(LocalDate.of(2027, 1, 27));
    }

    @Test
    void reading_days_strictly_increase_over_ten_years_and_next_and_previous_agree() {
        for (int group : cal.groups()) {
            LocalDate before = null;
            for (YearMonth m = YearMonth.of(2026, 1); m.isBefore(YearMonth.of(2036, 1)); m = m.plusMonths(1)) {
                LocalDate r = cal.readingDay(group, m);
                assertThat(cal.business().isBusinessDay(r)).isTrue();
                assertThat(r).isAfterOrEqualTo(m.atDay(cal.basicDay(group)));
                assertThat(r).isBefore(m.plusMonths(1).atDay(cal.basicDay(group)));
                assertThat(cal.isReadingDay(group, r)).isTrue();
                if (before != null) {
                    assertThat(r).as("group %d %s", group, m).isAfter(before);
                    assertThat(cal.nextReadingDay(group, before)).isEqualTo(r);
                    assertThat(cal.previousReadingDay(group, r)).isEqualTo(before);
                    assertThat(cal.nextReadingDay(group, r.minusDays(1))).isEqualTo(r);
                    assertThat(cal.isReadingDay(group, r.minusDays(1))).isEqualTo(r.minusDays(1).equals(before));
                }
                before = r;
            }
        }
    }

    @Test
    void next_reading_days_are_strictly_after_the_day_given() {
        assertThat(cal.nextReadingDays(1, LocalDate.of(2026, 11, 22), 2)).containsExactly(LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 4));
        assertThat(cal.nextReadingDays(1, LocalDate.of(2026, 12, 1), 1)).containsExactly(LocalDate.of(2027, 1, 4));
        assertThat(cal.nextReadingDays(1, LocalDate.of(2026, 12, 1), 0)).isEmpty();
    }

    @Test
    void group_of_spreads_sequential_ids_over_every_group() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            int g = cal.groupOf(SupplyPointId.of(String.format("03%020d", 1_000_000 + i)));
            assertThat(cal.hasGroup(g)).isTrue();
            counts.merge(g, 1, Integer::sum);
        }
        assertThat(counts).hasSize(20).allSatisfy((g, n) -> assertThat(n).as("group %d", g).isEqualTo(100));
        // consecutive IDs go round the groups
        assertThat(cal.groupOf(SupplyPointId.of("0310111001234567890000"))).isEqualTo(1);
        assertThat(cal.groupOf(SupplyPointId.of("0310111001234567890001"))).isEqualTo(2);
        assertThat(cal.groupOf(SupplyPointId.of("0310111001234567890019"))).isEqualTo(20);
        // IDs stepping by 7919 (coprime to 20) spread evenly too
        Map<Integer, Integer> stepped = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            stepped.merge(cal.groupOf(SupplyPointId.of(String.format("03%020d", 7919L * i + 1))), 1, Integer::sum);
        }
        assertThat(stepped).hasSize(20).allSatisfy((g, n) -> assertThat(n).isEqualTo(100));
    }

    @Test
    void parse_group_names_the_master_data_field() {
        assertThat(ReadingCalendar.parseGroup("7")).isEqualTo(7);
        assertThat(ReadingCalendar.parseGroup("07")).isEqualTo(7);
        assertThatThrownBy(() -> ReadingCalendar.parseGroup("x1")).isInstanceOf(InvalidValueException.class)
                .hasMessage("reading_group: \"x1\" must be a whole number");
        assertThatThrownBy(() -> ReadingCalendar.parseGroup("0")).isInstanceOf(InvalidValueException.class)
                .hasMessage("reading_group: \"0\" must be 1–99");
        assertThatThrownBy(() -> ReadingCalendar.parseGroup("")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("is required");
    }

    @Test
    void a_csv_file_replaces_the_groups() throws Exception {
        Path f = write("reading_group,basic_day,note\n1,5,\n02,25,\"end, of month\"\n\n3,28,\n");
        ReadingCalendar c = ReadingCalendar.load(f);
        assertThat(c.groups()).containsExactly(1, 2, 3);
        assertThat(c.basicDay(2)).isEqualTo(25);
        assertThat(c.readingDay(3, YearMonth.of(2026, 2))).isEqualTo(LocalDate.of(2026, 3, 2)); // Sat 02-28 → Mon 03-02
        assertThat(List.of("0310111001234567890000", "0310111001234567890001", "0310111001234567890002"))
                .extracting(id -> c.groupOf(SupplyPointId.of(id))).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void csv_errors_name_the_line_and_the_column() throws Exception {
        assertThatThrownBy(() -> ReadingCalendar.load(write("reading_group,basic_day\n1,5\n2,31\n")))
                .isInstanceOf(InvalidValueException.class).hasMessage("reading groups line 3 basic_day: \"31\" must be 1–28 (a day every month has)");
        assertThatThrownBy(() -> ReadingCalendar.load(write("reading_group,basic_day\n1,5\nA,6\n")))
                .isInstanceOf(InvalidValueException.class).hasMessage("reading groups line 3 reading_group: \"A\" must be a whole number");
        assertThatThrownBy(() -> ReadingCalendar.load(write("reading_group,basic_day\n1,5\n\n01,6\n")))
                .isInstanceOf(InvalidValueException.class).hasMessage("reading groups line 4 reading_group: \"01\" is listed twice (first on line 2)");
        assertThatThrownBy(() -> ReadingCalendar.load(write("reading_group,basic_day\n1,\n")))
                .isInstanceOf(InvalidValueException.class).hasMessage("reading groups line 2 basic_day: \"\" is required");
        assertThatThrownBy(() -> ReadingCalendar.load(write("group,day\n1,5\n")))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("reading groups line 1 header");
        assertThatThrownBy(() -> ReadingCalendar.load(write("reading_group,basic_day\n")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("has no reading group");
        assertThatThrownBy(() -> ReadingCalendar.load(dir.resolve("missing.csv")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("no such file");
    }

    private Path write(String text) throws Exception {
        Path f = Files.createTempFile(dir, "groups", ".csv");
        Files.writeString(f, text);
        return f;
    }
}
