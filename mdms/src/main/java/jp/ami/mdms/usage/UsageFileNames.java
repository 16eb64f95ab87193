package jp.ami.mdms.usage;

import java.time.LocalDate;

/**
 * File names of the confirmed-usage notices (W5):
 * <pre>
 * W5 TT VV YYYYMMDD RR SSSSS .zip        (21 characters + ".zip")
 * │  │  │  │        │  │
 * │  │  │  │        │  └ split number, 5 digits, from 00001
 * │  │  │  │        └ revision, 2 digits, 00 = first issue
 * │  │  │  └ the notice's date: the reading day (monthly), the day after the exchange (exchange), the switch date (special)
 * │  │  └ 20 = low voltage
 * │  └ 12 monthly, 13 meter exchange, 14 special reading ({@link NoticeKind})
 * └ W5 = confirmed usage
 * </pre>
 * The ZIP holds one entry with the same name ending in {@code .xml}.
 */
public final class UsageFileNames {
    private UsageFileNames() {
    }

    public static String zip(NoticeKind kind, LocalDate date, int revision, int split) {
        return base(kind, date, revision, split) + ".zip";
    }

    public static String xml(NoticeKind kind, LocalDate date, int revision, int split) {
        return base(kind, date, revision, split) + ".xml";
    }

    /** The name without revision, split and extension ({@code W5 TT VV YYYYMMDD}): the same notice across revisions. */
    public static String stem(NoticeKind kind, LocalDate date) {
        return String.format("W5%s%s%04d%02d%02d", kind.code(), NoticeKind.LOW_VOLTAGE, date.getYear(), date.getMonthValue(),
                date.getDayOfMonth());
    }

    private static String base(NoticeKind kind, LocalDate date, int revision, int split) {
        if (revision < 0 || revision > 99) {
            throw new IllegalArgumentException("revision must be 0–99: " + revision);
        }
        if (split < 1 || split > 99_999) {
            throw new IllegalArgumentException("split must be 1–99999: " + split);
        }
        return stem(kind, date) + String.format("%02d%05d", revision, split);
    }

    /** The revision of a valid W5 name. */
    public static int revision(String name) {
        return Integer.parseInt(name, 14, 16, 10);
    }
}
