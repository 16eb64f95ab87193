package jp.ami.model;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A 30-minute slot as a value: its JST date and its number 1–48. For hot paths use the slot index and
 * {@link Slots}; this record is for APIs, files and tests.
 */
public record Slot(LocalDate date, int number) implements Comparable<Slot> {
    public Slot {
        InvalidValueException.required("date", date);
        Slots.checkNumber(number);
    }

    public static Slot ofIndex(long slotIndex) {
        return new Slot(Slots.jstDate(slotIndex), Slots.number(slotIndex));
    }

    public long index() {
        return Slots.index(date, number);
    }

    /** JST local time at which the slot ends (slot 48 ends at 00:00 of the next day). */
    public LocalDateTime jstEnd() {
        return Slots.jstEnd(index());
    }

    public Slot next() {
        return ofIndex(index() + 1);
    }

    @Override
    public int compareTo(Slot o) {
        return Long.compare(index(), o.index());
    }

    @Override
    public String toString() {
        return date + "#" + number;
    }
}
