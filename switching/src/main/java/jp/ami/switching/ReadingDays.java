package jp.ami.switching;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;

/**
 * Which dates a point's switch, reconnection or discontinuation may take: its reading days (実検針日) in the
 * {@link ReadingCalendar}, by the point's reading group ({@link SupplyPointDetails}). A request without a date gets
 * the point's next reading day that is still possible — after today, and for a switch before its matching deadline
 * ({@link SwitchDates}); a date that is no reading day of the point is refused naming the field and the next two
 * possible reading days, unless the customer asked for it ({@code customerRequestedDate}: an off-cycle date, for
 * which the MDMS takes a special reading).
 *
 * @param details what the master data says of each point besides its group and amperes (IF_10110)
 */
record ReadingDays(ReadingCalendar calendar, SupplyRegistry registry, SupplyPointDetails details, SwitchDates dates) {
    /** The reading group of the point of {@code f}. */
    int group(Filing f) {
        return group(f.pointIndex());
    }

    /** The reading group of the point at {@code pointIndex} of the registry. */
    int group(int pointIndex) {
        return details.readingGroup(registry, pointIndex, calendar);
    }

    /**
     * The details a request for {@code date} records of it (a new map, for the rule to add its own): the point's
     * {@code readingGroup}; when the customer asked for the date, {@code customerRequestedDate=true}, with
     * {@code offCycle=true} when it is no reading day of the group (the MDMS takes a special reading on it).
     */
    Map<String, String> dateDetails(Filing f, LocalDate date, boolean customerRequested) {
        Map<String, String> details = new TreeMap<>();
        int group = group(f);
        details.put("readingGroup", Integer.toString(group));
        if (customerRequested) {
            details.put("customerRequestedDate", "true");
            if (!calendar.isReadingDay(group, date)) {
                details.put("offCycle", "true");
            }
        }
        return details;
    }

    /** The contract amperes of the point of {@code f}, if the master data had them. */
    java.util.OptionalInt contractAmperes(Filing f) {
        return details.contractAmperes(f.pointIndex());
    }

    /**
     * The first {@code n} reading days of {@code group} a request filed at {@code now} can take: after today (JST)
     * and, for a switch, with the matching deadline not passed.
     */
    List<LocalDate> possible(int group, Instant now, boolean switching, int n) {
        List<LocalDate> out = new ArrayList<>(n);
        LocalDate d = LocalDate.ofInstant(now, Slots.JST);
        while (out.size() < n) {
            d = calendar.nextReadingDay(group, d);
            if (!switching || now.isBefore(dates.deadline(d))) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The date of a request: {@code requested}, or when null the point's next possible reading day. A requested date
     * that is no reading day of the point is a 400 naming {@code field} unless {@code customerRequested}.
     */
    LocalDate dateOf(Filing f, String field, LocalDate requested, boolean customerRequested, boolean switching) {
        int group = group(f);
        if (requested == null) {
            return possible(group, f.now(), switching, 1).get(0);
        }
        dates.checkFuture(field, requested, f.now(), switching);
        if (!customerRequested && !calendar.isReadingDay(group, requested)) {
            List<LocalDate> next = possible(group, f.now(), switching, 2);
            throw new InvalidValueException(field, requested, "is not a reading day of supply point " + f.point()
                    + " (reading group " + group + "); its next reading days are " + next.get(0) + " and " + next.get(1)
                    + " — or set customerRequestedDate: true when the customer asked for this date");
        }
        return requested;
    }
}
