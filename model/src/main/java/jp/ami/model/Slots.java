package jp.ami.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Allocation-free 30-minute slot (コマ) arithmetic on primitives, in Japan Standard Time (UTC+9, no DST).
 *
 * <p>A slot is identified on hot paths by its <em>slot index</em>: the number of whole 30-minute intervals
 * from the Unix epoch to the slot's start, {@code floor(startEpochSecond / 1800)}. JST is 9 h = 18 slots
 * ahead of UTC, so slot boundaries are the same instants in both zones.
 * <ul>
 *   <li>slot number within the JST day: 1 = 00:00–00:30 … 48 = 23:30–24:00;</li>
 *   <li>a reading stamped at a boundary {@code t} <em>closes</em> the slot that ends at {@code t}
 *       (a reading stamped 00:30 closes slot 1; one stamped 00:00 closes slot 48 of the previous day).</li>
 * </ul>
 */
public final class Slots {
    public static final int SECONDS_PER_SLOT = 1800;
    public static final int SLOTS_PER_DAY = 48;
    /** JST offset from UTC in slots (9 h). */
    public static final int JST_OFFSET_SLOTS = 18;
    public static final ZoneOffset JST = ZoneOffset.ofHours(9);

    private Slots() {
    }

    /** Slot index of the slot that starts at or contains {@code epochSecond}. */
    public static long containing(long epochSecond) {
        return Math.floorDiv(epochSecond, SECONDS_PER_SLOT);
    }

    /** Slot index of the slot closed by a reading stamped at {@code epochSecond} (the slot ending at or before it). */
    public static long closedBy(long epochSecond) {
        return Math.floorDiv(epochSecond, SECONDS_PER_SLOT) - 1;
    }

    /** True when {@code epochSecond} lies exactly on a slot boundary. */
    public static boolean isBoundary(long epochSecond) {
        return Math.floorMod(epochSecond, SECONDS_PER_SLOT) == 0;
    }

    public static long startEpochSecond(long slotIndex) {
        return slotIndex * SECONDS_PER_SLOT;
    }

    public static long endEpochSecond(long slotIndex) {
        return (slotIndex + 1) * SECONDS_PER_SLOT;
    }

    /** Slot number 1–48 within its JST day. */
    public static int number(long slotIndex) {
        return (int) Math.floorMod(slotIndex + JST_OFFSET_SLOTS, SLOTS_PER_DAY) + 1;
    }

    /** The JST calendar day of the slot, as an epoch day (days since 1970-01-01). */
    public static long jstEpochDay(long slotIndex) {
        return Math.floorDiv(slotIndex + JST_OFFSET_SLOTS, SLOTS_PER_DAY);
    }

    /** The JST calendar day of the slot. */
    public static LocalDate jstDate(long slotIndex) {
        return LocalDate.ofEpochDay(jstEpochDay(slotIndex));
    }

    /** Slot index of slot {@code number} (1–48) of JST day {@code date}. */
    public static long index(LocalDate date, int number) {
        checkNumber(number);
        return date.toEpochDay() * SLOTS_PER_DAY - JST_OFFSET_SLOTS + (number - 1);
    }

    /** Slot index of the first slot (number 1) of the JST day {@code epochDay}. */
    public static long firstOfDay(long jstEpochDay) {
        return jstEpochDay * SLOTS_PER_DAY - JST_OFFSET_SLOTS;
    }

    /** The slot's end as JST local time; slot 48 ends at 00:00 of the next day. */
    public static LocalDateTime jstEnd(long slotIndex) {
        return LocalDateTime.ofEpochSecond(endEpochSecond(slotIndex), 0, JST);
    }

    public static Instant start(long slotIndex) {
        return Instant.ofEpochSecond(startEpochSecond(slotIndex));
    }

    public static Instant end(long slotIndex) {
        return Instant.ofEpochSecond(endEpochSecond(slotIndex));
    }

    public static void checkNumber(int number) {
        if (number < 1 || number > SLOTS_PER_DAY) {
            throw new InvalidValueException("slot", number, "must be 1–48");
        }
    }
}
