package jp.ami.model.calendar;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import jp.ami.model.InvalidValueException;
import jp.ami.model.SupplyPointId;
import jp.ami.model.csv.CsvTable;

/**
 * The reading-day calendar (検針日程): every supply point is in a reading group (検針区), each group has a basic
 * reading day of the month (基本検針日, 1–{@value #MAX_BASIC_DAY} so that every month has it), and the actual
 * reading day (実検針日) of a month is the basic day moved forward to the next business day of the
 * {@link BusinessCalendar} when it is a weekend or public holiday. Switches take effect on the point's regular
 * reading day unless the customer asks for another; the confirmed-usage notice is due within 4 business days of it.
 *
 * <p>A group's reading days strictly increase month by month: a basic day moves forward by a few days at most
 * (Golden Week: five), far less than the month to the next one.
 *
 * <p>Real utilities publish a 検針日程表 per area each year. {@link #standard()} is our default — 20 groups,
 * basic days {@code 1,2,3,5,6,8,9,10,12,13,15,16,17,19,20,22,23,24,26,27}; a utility's own table is loaded with
 * {@link #load(Path)} from a CSV file {@code reading_group,basic_day}. Which group a point is in comes from the
 * master data's {@code reading_group} column ({@link #parseGroup}) or, absent, from {@link #groupOf}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReadingCalendar {
    /** Highest basic day: the 28th exists in every month. */
    public static final int MAX_BASIC_DAY = 28;
    /** Highest group number accepted. */
    public static final int MAX_GROUP = 99;
    /** Column names of the CSV file of {@link #load(Path)}. */
    public static final List<String> COLUMNS = List.of("reading_group", "basic_day");

    private static final int[] STANDARD_DAYS = {1, 2, 3, 5, 6, 8, 9, 10, 12, 13, 15, 16, 17, 19, 20, 22, 23, 24, 26, 27};
    private static final ReadingCalendar STANDARD = standardCalendar();
    private static final String WHAT = "reading groups";

    private final BusinessCalendar business;
    private final SortedMap<Integer, Integer> basicDays;
    private final List<Integer> groups;

    private ReadingCalendar(BusinessCalendar business, SortedMap<Integer, Integer> basicDays) {
        this.business = Objects.requireNonNull(business, "business");
        if (basicDays.isEmpty()) {
            throw new InvalidValueException(WHAT, "", "must have at least one reading group");
        }
        this.basicDays = Collections.unmodifiableSortedMap(new TreeMap<>(basicDays));
        this.groups = List.copyOf(this.basicDays.keySet());
    }

    /** The built-in 20 groups (numbered 1–20, basic days in the class comment) over {@link BusinessCalendar#japan()}. */
    public static ReadingCalendar standard() {
        return STANDARD;
    }

    private static ReadingCalendar standardCalendar() {
        TreeMap<Integer, Integer> days = new TreeMap<>();
        for (int i = 0; i < STANDARD_DAYS.length; i++) {
            days.put(i + 1, STANDARD_DAYS[i]);
        }
        return new ReadingCalendar(BusinessCalendar.japan(), days);
    }

    /**
     * The groups of {@code basicDays} (group → basic day) over {@code business}.
     *
     * @throws InvalidValueException no group, a group outside 1–{@value #MAX_GROUP} or a day outside
     *                               1–{@value #MAX_BASIC_DAY}
     */
    public static ReadingCalendar of(Map<Integer, Integer> basicDays, BusinessCalendar business) {
        TreeMap<Integer, Integer> days = new TreeMap<>();
        basicDays.forEach((g, d) -> days.put(checkGroup(g, String.valueOf(g)), checkBasicDay(d, String.valueOf(d))));
        return new ReadingCalendar(business, days);
    }

    /**
     * The groups of a CSV file {@code reading_group,basic_day} (header required, more columns ignored, one row per
     * group) over {@link BusinessCalendar#japan()}.
     *
     * @throws InvalidValueException a missing file, a bad header, a bad or repeated group, a bad day — naming the line
     *                               and column, e.g. {@code reading groups line 3 basic_day: "31" must be 1–28} — or
     *                               no group at all
     */
    public static ReadingCalendar load(Path csv) {
        TreeMap<Integer, Integer> days = new TreeMap<>();
        Map<Integer, Long> lines = new HashMap<>();
        for (CsvTable.Row row : CsvTable.read(csv, WHAT, COLUMNS)) {
            int group = row.parse("reading_group", ReadingCalendar::parseGroup);
            int day = row.parse("basic_day", ReadingCalendar::parseBasicDay);
            Long first = lines.putIfAbsent(group, row.line());
            if (first != null) {
                throw new InvalidValueException(row.where("reading_group"), row.get("reading_group"),
                        "is listed twice (first on line " + first + ")");
            }
            days.put(group, day);
        }
        if (days.isEmpty()) {
            throw new InvalidValueException(WHAT, csv, "has no reading group (rows " + String.join(",", COLUMNS) + ")");
        }
        return new ReadingCalendar(BusinessCalendar.japan(), days);
    }

    /**
     * A reading group as written in master data (column {@code reading_group}): a whole number
     * 1–{@value #MAX_GROUP}, leading zeros allowed ({@code 07}).
     *
     * @throws InvalidValueException naming {@code reading_group}
     */
    public static int parseGroup(String text) {
        return checkGroup(parseNumber("reading_group", text), text);
    }

    private static int parseBasicDay(String text) {
        return checkBasicDay(parseNumber("basic_day", text), text);
    }

    private static int parseNumber(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValueException(field, text, "is required");
        }
        String t = text.strip();
        if (t.length() > 4 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException(field, text, "must be a whole number");
        }
        return Integer.parseInt(t);
    }

    private static int checkGroup(int group, String text) {
        if (group < 1 || group > MAX_GROUP) {
            throw new InvalidValueException("reading_group", text, "must be 1–" + MAX_GROUP);
        }
        return group;
    }

    private static int checkBasicDay(int day, String text) {
        if (day < 1 || day > MAX_BASIC_DAY) {
            throw new InvalidValueException("basic_day", text, "must be 1–" + MAX_BASIC_DAY + " (a day every month has)");
        }
        return day;
    }

    /** The business days the reading days are moved by. */
    public BusinessCalendar business() {
        return business;
    }

    public int groupCount() {
        return groups.size();
    }

    /** The group numbers, ascending. */
    public List<Integer> groups() {
        return groups;
    }

    public boolean hasGroup(int group) {
        return basicDays.containsKey(group);
    }

    /**
     * The default group of a point without a {@code reading_group} in its master data: the ID read as a 22-digit
     * decimal number, modulo {@link #groupCount()}, indexes the groups in ascending order. Sequential IDs thus go
     * round the groups one by one (any {@code groupCount()} consecutive IDs land in different groups), and IDs
     * stepping by a number coprime to the count spread evenly too.
     */
    public int groupOf(SupplyPointId id) {
        String v = id.value();
        int n = groups.size();
        int r = 0;
        for (int i = 0; i < v.length(); i++) {
            r = (r * 10 + (v.charAt(i) - '0')) % n;
        }
        return groups.get(r);
    }

    /**
     * The basic reading day (基本検針日) of {@code group}, a day of the month.
     *
     * @throws InvalidValueException not a group of this calendar (field {@code reading_group})
     */
    public int basicDay(int group) {
        Integer d = basicDays.get(group);
        if (d == null) {
            throw new InvalidValueException("reading_group", group, "is not a reading group of this calendar (groups "
                    + groups.get(0) + "–" + groups.get(groups.size() - 1) + ", " + groups.size() + " in all)");
        }
        return d;
    }

    /** The actual reading day (実検針日) of {@code group} for {@code month}: the basic day, or the next business day. */
    public LocalDate readingDay(int group, YearMonth month) {
        return business.onOrAfter(month.atDay(basicDay(group)));
    }

    /** The reading of {@code group} for {@code month}, with the basic day and why the actual one moved. */
    public ReadingDay schedule(int group, YearMonth month) {
        LocalDate basic = month.atDay(basicDay(group));
        LocalDate actual = business.onOrAfter(basic);
        List<String> why = new ArrayList<>();
        for (LocalDate d = basic; d.isBefore(actual); d = d.plusDays(1)) {
            why.add(d + " " + business.closedBecause(d).orElse("closed"));
        }
        return new ReadingDay(group, month, basic, actual, String.join(", ", why));
    }

    /** True when {@code d} is an actual reading day of {@code group} (of its own month or, moved, of the one before). */
    public boolean isReadingDay(int group, LocalDate d) {
        YearMonth m = YearMonth.from(d);
        return readingDay(group, m).equals(d) || readingDay(group, m.minusMonths(1)).equals(d);
    }

    /** The last reading day of {@code group} strictly before {@code d}. */
    public LocalDate previousReadingDay(int group, LocalDate d) {
        for (YearMonth m = YearMonth.from(d); ; m = m.minusMonths(1)) {
            LocalDate r = readingDay(group, m);
            if (r.isBefore(d)) {
                return r;
            }
        }
    }

    /** The first reading day of {@code group} strictly after {@code d}. */
    public LocalDate nextReadingDay(int group, LocalDate d) {
        for (YearMonth m = YearMonth.from(d).minusMonths(1); ; m = m.plusMonths(1)) {
            LocalDate r = readingDay(group, m);
            if (r.isAfter(d)) {
                return r;
            }
        }
    }

    /** The first {@code n} reading days of {@code group} strictly after {@code after}, ascending. */
    public List<LocalDate> nextReadingDays(int group, LocalDate after, int n) {
        if (n < 0) {
            throw new InvalidValueException("n", n, "must not be negative");
        }
        List<LocalDate> out = new ArrayList<>(n);
        LocalDate d = after;
        for (int i = 0; i < n; i++) {
            d = nextReadingDay(group, d);
            out.add(d);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ReadingCalendar" + basicDays;
    }
}
