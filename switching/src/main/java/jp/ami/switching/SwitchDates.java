package jp.ami.switching;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Slots;

/**
 * The date rules (JST, by the clock): a switch date must be after today and its matching deadline — 00:00 JST of
 * the date minus {@link SwitchingConfig#deadlineBefore()} — must not have passed; reconnection/discontinuation dates
 * must be after today.
 */
final class SwitchDates {
    private final Duration deadlineBefore;

    SwitchDates(Duration deadlineBefore) {
        this.deadlineBefore = deadlineBefore;
    }

    /** Matching deadline of switch date {@code date}: 00:00 JST of the date minus {@code deadlineBefore}. */
    Instant deadline(LocalDate date) {
        return date.atStartOfDay(Slots.JST).toInstant().minus(deadlineBefore);
    }

    /** 400 naming {@code field} unless {@code date} is after today and, for a switch, before its deadline. */
    void checkFuture(String field, LocalDate date, Instant now, boolean switching) {
        LocalDate today = LocalDate.ofInstant(now, Slots.JST);
        if (!date.isAfter(today)) {
            throw new InvalidValueException(field, date, "must be a future date (today is " + today + " JST)");
        }
        if (switching && !now.isBefore(deadline(date))) {
            throw new InvalidValueException(field, date, "is too close: its matching deadline " + deadline(date) + " has passed");
        }
    }
}
