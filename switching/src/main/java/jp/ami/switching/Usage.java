package jp.ami.switching;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.SortedMap;

/**
 * IF_10310 usage information of an approved application: 13 JST months of totals and the 30-minute values.
 *
 * @param application the approved IF_10310 application
 * @param from        start of the period: 00:00 JST on the 1st, 12 months before the current month
 * @param to          the clock when read
 * @param months      per JST month: {units (0.0001 kWh), slots with a value, slots without}
 * @param values      the 30-minute values with slot end in ({@code from}, {@code to}]
 */
public record Usage(Application application, Instant from, Instant to, SortedMap<YearMonth, long[]> months,
        List<UsageSource.SlotValue> values) {
}
