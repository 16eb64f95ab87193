package jp.ami.protocol.echonet;

import jp.ami.model.Slots;

/**
 * Allocation-free conversion between JST calendar fields and epoch seconds (proleptic Gregorian, the
 * days-from-civil algorithm). JST has no DST, so the offset is the constant {@link Slots#JST}.
 */
final class JstTime {
    private static final long JST_OFFSET_SECONDS = Slots.JST.getTotalSeconds();

    private JstTime() {
    }

    static boolean isValid(int year, int month, int day, int hour, int minute, int second) {
        return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
                && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
    }

    static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Epoch seconds of a JST local date-time; the fields must be {@link #isValid valid}. */
    static long toEpochSecond(int year, int month, int day, int hour, int minute, int second) {
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - JST_OFFSET_SECONDS;
    }

    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /**
     * Splits epoch seconds into JST fields, packed as {@code year<<40 | month<<32 | day<<24 | hour<<16 |
     * minute<<8 | second} so no object is needed.
     */
    static long toPackedJst(long epochSecond) {
        long local = epochSecond + JST_OFFSET_SECONDS;
        long days = Math.floorDiv(local, 86_400L);
        long secOfDay = local - days * 86_400L;
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return year << 40 | month << 32 | day << 24 | (secOfDay / 3600) << 16 | (secOfDay / 60 % 60) << 8 | secOfDay % 60;
    }
}
