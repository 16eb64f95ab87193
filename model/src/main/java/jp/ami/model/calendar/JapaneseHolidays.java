package jp.ami.model.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import jp.ami.model.InvalidValueException;

/**
 * The public holidays of Japan (国民の祝日, 振替休日, 国民の休日) under the 祝日法 as amended up to the 2020–2021
 * Olympic moves, for the years {@value #FIRST_YEAR}–{@value #LAST_YEAR}:
 * <ul>
 *   <li>fixed days (元日, 建国記念の日, 天皇誕生日 — 12-23 until 2018, 02-23 from 2020 —, 昭和の日, 憲法記念日,
 *       みどりの日, こどもの日, 山の日 from 2016, 文化の日, 勤労感謝の日) and the 2019 enthronement days;</li>
 *   <li>Happy Monday days: 成人の日 and スポーツの日 (体育の日 until 2019) the second Monday of January and October
 *       (from 2000), 海の日 and 敬老の日 the third Monday of July and September (from 2003); the Olympic years 2020
 *       and 2021 moved 海の日, スポーツの日 and 山の日 by special law;</li>
 *   <li>春分の日 and 秋分の日 by the standard formula valid 1980–2099,
 *       {@code day = floor(C + 0.242194 × (year − 1980)) − floor((year − 1980) / 4)} with C = 20.8431 (March) and
 *       23.2488 (September) — the Cabinet Office announces the actual days a year ahead, and the formula agrees with
 *       every announcement of the covered years so far;</li>
 *   <li>振替休日 (substitute holiday): a holiday on a Sunday moves to the next day that is not a holiday (from 2007;
 *       before, to the Monday only);</li>
 *   <li>国民の休日 (citizens' holiday): a day that is no holiday itself but lies between two holidays.</li>
 * </ul>
 *
 * <p>Why not a library: jollyday 0.35.1 (the candidate) knows no equinoxes, no 振替休日 except for 文化の日, no
 * 国民の休日, and keeps 天皇誕生日 on 12-23 — its Japan calendar for 2026 misses five of the eighteen days
 * (03-20, 05-06, 09-22, 09-23, 02-23) and adds 12-23. It would also bring Jackson XML, Woodstox and threeten-extra
 * into this base module. The rules above fit in this one class.
 *
 * <p>Thread-safe; each year is computed once.
 */
public final class JapaneseHolidays {
    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2099;

    /** One holiday: its date and its names. */
    public record Holiday(LocalDate date, String name, String japaneseName) {
        @Override
        public String toString() {
            return date + " " + name + " (" + japaneseName + ")";
        }
    }

    private static final Map<Integer, NavigableMap<LocalDate, Holiday>> YEARS = new ConcurrentHashMap<>();

    private JapaneseHolidays() {
    }

    /** The holidays of {@code year} in date order. */
    public static NavigableMap<LocalDate, Holiday> of(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new InvalidValueException("year", year, "is outside the years " + FIRST_YEAR + "–" + LAST_YEAR + " the Japanese holiday rules cover");
        }
        return YEARS.computeIfAbsent(year, y -> Collections.unmodifiableNavigableMap(compute(y)));
    }

    /** The holiday on {@code date}, if it is one. */
    public static Optional<Holiday> on(LocalDate date) {
        return Optional.ofNullable(of(date.getYear()).get(date));
    }

    /** 春分の日: the day of March of the vernal equinox in JST (1980–2099 formula). */
    static int vernalEquinoxDay(int year) {
        return equinox(year, 20_843_100L);
    }

    /** 秋分の日: the day of September of the autumnal equinox in JST (1980–2099 formula). */
    static int autumnalEquinoxDay(int year) {
        return equinox(year, 23_248_800L);
    }

    /** {@code floor(c + 0.242194 n) - floor(n / 4)}, n = year − 1980, in millionths so no rounding can creep in. */
    private static int equinox(int year, long cMillionths) {
        long n = year - 1980;
        return (int) ((cMillionths + 242_194L * n) / 1_000_000L - n / 4);
    }

    private static NavigableMap<LocalDate, Holiday> compute(int y) {
        TreeMap<LocalDate, Holiday> h = new TreeMap<>();
        fixed(h, y, 1, 1, "New Year's Day", "元日");
        add(h, nthMonday(y, Month.JANUARY, 2), "Coming of Age Day", "成人の日");
        fixed(h, y, 2, 11, "National Foundation Day", "建国記念の日");
        if (y >= 2020) {
            fixed(h, y, 2, 23, "Emperor's Birthday", "天皇誕生日");
        }
        fixed(h, y, 3, vernalEquinoxDay(y), "Vernal Equinox Day", "春分の日");
        if (y >= 2007) {
            fixed(h, y, 4, 29, "Showa Day", "昭和の日");
        } else {
            fixed(h, y, 4, 29, "Greenery Day", "みどりの日");
        }
        fixed(h, y, 5, 3, "Constitution Memorial Day", "憲法記念日");
        if (y >= 2007) {
            fixed(h, y, 5, 4, "Greenery Day", "みどりの日");
        }
        fixed(h, y, 5, 5, "Children's Day", "こどもの日");
        if (y == 2019) {
            fixed(h, y, 5, 1, "Enthronement Day", "天皇の即位の日");
            fixed(h, y, 10, 22, "Enthronement Ceremony Day", "即位礼正殿の儀の行われる日");
        }
        String sports = y >= 2020 ? "Sports Day" : "Health and Sports Day";
        String sportsJa = y >= 2020 ? "スポーツの日" : "体育の日";
        if (y == 2020) {
            fixed(h, y, 7, 23, "Marine Day", "海の日");
            fixed(h, y, 7, 24, sports, sportsJa);
            fixed(h, y, 8, 10, "Mountain Day", "山の日");
        } else if (y == 2021) {
            fixed(h, y, 7, 22, "Marine Day", "海の日");
            fixed(h, y, 7, 23, sports, sportsJa);
            fixed(h, y, 8, 8, "Mountain Day", "山の日");
        } else {
            add(h, y >= 2003 ? nthMonday(y, Month.JULY, 3) : LocalDate.of(y, 7, 20), "Marine Day", "海の日");
            add(h, nthMonday(y, Month.OCTOBER, 2), sports, sportsJa);
            if (y >= 2016) {
                fixed(h, y, 8, 11, "Mountain Day", "山の日");
            }
        }
        add(h, y >= 2003 ? nthMonday(y, Month.SEPTEMBER, 3) : LocalDate.of(y, 9, 15), "Respect for the Aged Day", "敬老の日");
        fixed(h, y, 9, autumnalEquinoxDay(y), "Autumnal Equinox Day", "秋分の日");
        fixed(h, y, 11, 3, "Culture Day", "文化の日");
        fixed(h, y, 11, 23, "Labour Thanksgiving Day", "勤労感謝の日");
        if (y <= 2018) {
            fixed(h, y, 12, 23, "Emperor's Birthday", "天皇誕生日");
        }
        TreeMap<LocalDate, Holiday> national = new TreeMap<>(h);
        for (LocalDate d : national.keySet()) {
            if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                LocalDate s = d.plusDays(1);
                while (y >= 2007 && national.containsKey(s)) {
                    s = s.plusDays(1);
                }
                if (!national.containsKey(s) && s.getYear() == y) {
                    add(h, s, "Substitute Holiday", "振替休日");
                }
            }
        }
        for (LocalDate d : national.keySet()) {
            LocalDate between = d.plusDays(1);
            boolean sundayExcluded = y < 2007 && between.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (!h.containsKey(between) && national.containsKey(between.plusDays(1)) && !sundayExcluded) {
                add(h, between, "Citizens' Holiday", "国民の休日");
            }
        }
        return h;
    }

    private static void fixed(TreeMap<LocalDate, Holiday> h, int y, int month, int day, String name, String ja) {
        add(h, LocalDate.of(y, month, day), name, ja);
    }

    private static void add(TreeMap<LocalDate, Holiday> h, LocalDate d, String name, String ja) {
        h.put(d, new Holiday(d, name, ja));
    }

    private static LocalDate nthMonday(int y, Month m, int n) {
        return LocalDate.of(y, m, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
    }
}
