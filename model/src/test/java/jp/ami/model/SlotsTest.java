package jp.ami.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SlotsTest {
    private static long jst(int y, int mo, int d, int h, int mi) {
        return ZonedDateTime.of(y, mo, d, h, mi, 0, 0, Slots.JST).toEpochSecond();
    }

    @Test
    void reading_stamped_0030_jst_closes_slot_1() {
        long slot = Slots.closedBy(jst(2026, 11, 22, 0, 30));
        assertThat(Slots.number(slot)).isEqualTo(1);
        assertThat(Slots.jstDate(slot)).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(Slots.startEpochSecond(slot)).isEqualTo(jst(2026, 11, 22, 0, 0));
    }

    @Test
    void reading_stamped_midnight_closes_slot_48_of_the_previous_day() {
        long slot = Slots.closedBy(jst(2026, 11, 23, 0, 0));
        assertThat(Slots.number(slot)).isEqualTo(48);
        assertThat(Slots.jstDate(slot)).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(Slots.jstEnd(slot)).isEqualTo(LocalDateTime.of(2026, 11, 23, 0, 0));
    }

    @Test
    void index_and_number_round_trip_over_a_year_including_year_end() {
        LocalDate d = LocalDate.of(2026, 1, 1);
        long expected = Slots.index(d, 1);
        for (int day = 0; day < 366; day++) {
            LocalDate date = d.plusDays(day);
            for (int n = 1; n <= 48; n++) {
                long idx = Slots.index(date, n);
                assertThat(idx).isEqualTo(expected++);
                assertThat(Slots.number(idx)).isEqualTo(n);
                assertThat(Slots.jstDate(idx)).isEqualTo(date);
                assertThat(Slot.ofIndex(idx)).isEqualTo(new Slot(date, n));
            }
        }
        assertThat(Slots.firstOfDay(LocalDate.of(2026, 11, 22).toEpochDay())).isEqualTo(Slots.index(LocalDate.of(2026, 11, 22), 1));
    }

    @Test
    void slot_2_ends_at_0100_jst() {
        assertThat(new Slot(LocalDate.of(2026, 11, 22), 2).jstEnd()).isEqualTo(LocalDateTime.of(2026, 11, 22, 1, 0));
        assertThat(Slots.isBoundary(jst(2026, 11, 22, 1, 0))).isTrue();
        assertThat(Slots.isBoundary(jst(2026, 11, 22, 1, 0) + 1)).isFalse();
    }

    @Test
    void slot_numbers_outside_1_to_48_are_rejected() {
        assertThatThrownBy(() -> new Slot(LocalDate.of(2026, 1, 1), 49)).hasMessage("slot: \"49\" must be 1–48");
        assertThatThrownBy(() -> Slots.index(LocalDate.of(2026, 1, 1), 0)).isInstanceOf(InvalidValueException.class);
    }
}
