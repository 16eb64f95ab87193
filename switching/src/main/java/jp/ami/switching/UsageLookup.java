package jp.ami.switching;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import jp.ami.model.Slots;

/**
 * Reads the usage values of an approved IF_10310 application from the {@link UsageSource} wired in (the MDMS's
 * value store): the current JST month and the 12 before it, as monthly totals and 30-minute values, while the
 * customer's consent is valid. Thread-safe (the source is set once by whoever wires the MDMS in).
 */
final class UsageLookup {
    private final Clock clock;
    private volatile UsageSource source;

    UsageLookup(Clock clock) {
        this.clock = clock;
    }

    void source(UsageSource source) {
        this.source = source;
    }

    /**
     * The usage of {@code a}, application {@code id}, already checked to be readable by the caller.
     *
     * @throws SwitchingException 409 not approved, 403 consent expired, 404 no value store wired in
     */
    Usage of(String id, Application a) {
        if (a.status() != Status.OK) {
            throw SwitchingException.conflict("id", id, "is not an approved usage application (status " + a.status().code() + ")");
        }
        Instant now = clock.instant();
        String until = a.details().get("consentValidUntil");
        if (until == null || now.isAfter(Instant.parse(until))) {
            throw SwitchingException.forbidden("id", id, "the customer's consent is no longer valid (until " + until + ")");
        }
        UsageSource s = source;
        if (s == null) {
            throw SwitchingException.notFound("id", id, "has no usage values here: no value store is wired to this switching service");
        }
        ZonedDateTime jstNow = now.atZone(Slots.JST);
        Instant from = jstNow.toLocalDate().withDayOfMonth(1).minusMonths(12).atStartOfDay(Slots.JST).toInstant();
        List<UsageSource.SlotValue> values = s.values(a.supplyPoint(), from, now);
        SortedMap<YearMonth, long[]> months = new TreeMap<>();
        for (UsageSource.SlotValue v : values) {
            // a slot belongs to the month its start falls in (the slot ending 00:00 on the 1st is the previous month's)
            YearMonth m = YearMonth.from(v.slotEnd().minusSeconds(Slots.SECONDS_PER_SLOT).atZone(Slots.JST));
            long[] t = months.computeIfAbsent(m, k -> new long[3]); // units, slots with a value, slots without
            if (v.units() != null) {
                t[0] += v.units();
                t[1]++;
            } else {
                t[2]++;
            }
        }
        return new Usage(a, from, now, months, values);
    }
}
