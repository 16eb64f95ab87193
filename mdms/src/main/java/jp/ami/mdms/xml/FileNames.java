package jp.ami.mdms.xml;

import java.time.LocalDateTime;
import java.util.regex.Pattern;
import jp.ami.model.Slots;

/**
 * Business-protocol file names of the low-voltage per-slot 30-minute value file (低圧30分電力量, 当日).
 *
 * <pre>
 * W4 1 1 1 0 YYYYMMDDHHMM RR SSSS .zip        (24 characters + ".zip")
 * │  │ │ │ │ │            │  │
 * │  │ │ │ │ │            │  └ split number, 4 digits, from 0001
 * │  │ │ │ │ │            └ revision, 2 digits, 00 = first issue
 * │  │ │ │ │ └ the slot's END as JST local date-time, 12 digits (minute resolution)
 * │  │ │ └─┴ 10 = per-slot file (20 = per-day)
 * │  └─┴ 11 = low voltage (01 = high)
 * └ W4 = 30-minute values
 * </pre>
 * The 4 digits after {@code W4} ({@code 1110}) are the information class code (JP00002). HHMM is the slot's
 * end: slot 1 of a day ends 00:30 → {@code …0030}; slot 48 ends at 24:00, which is written as 00:00 of the
 * NEXT day ({@code 2026-11-22} slot 48 → {@code W41110202611230000000001.zip}). The ZIP holds one entry with
 * the same name ending in {@code .xml}.
 *
 * <p>Per-day file (低圧日毎30分電力量, information class {@code 1120}): {@code W41120 YYYYMMDD 0000 RR SSSS .zip} —
 * the 12 date-time digits are the JST day the file covers followed by {@code 0000}
 * ({@code 2026-11-22} → {@code W41120202611220000000001.zip}); revision and split as above.
 */
public final class FileNames {
    /** Information class code of the low-voltage per-slot file. */
    public static final String INFO_CLASS_LOW_VOLTAGE_PER_SLOT = "1110";
    /** Information class code of the low-voltage per-day file. */
    public static final String INFO_CLASS_LOW_VOLTAGE_PER_DAY = "1120";
    /** Any W4 file name this service publishes or accepts in a request. */
    public static final Pattern W4_ZIP = jp.ami.model.DeliveryFileNames.VALUES;

    private FileNames() {
    }

    /** File name of the per-slot file of {@code slotIndex}. {@code revision} 0–99, {@code split} 1–9999. */
    public static String perSlotZip(long slotIndex, int revision, int split) {
        return base(slotIndex, revision, split) + ".zip";
    }

    /** Name of the XML entry inside the ZIP. */
    public static String perSlotXml(long slotIndex, int revision, int split) {
        return base(slotIndex, revision, split) + ".xml";
    }

    /** File name of the per-day file of JST day {@code day}. */
    public static String perDayZip(java.time.LocalDate day, int revision, int split) {
        return base(INFO_CLASS_LOW_VOLTAGE_PER_DAY, day.atStartOfDay(), revision, split) + ".zip";
    }

    public static String perDayXml(java.time.LocalDate day, int revision, int split) {
        return base(INFO_CLASS_LOW_VOLTAGE_PER_DAY, day.atStartOfDay(), revision, split) + ".xml";
    }

    /** True for a per-day file name ({@code W41120…}). */
    public static boolean isPerDay(String name) {
        return name.startsWith("W4" + INFO_CLASS_LOW_VOLTAGE_PER_DAY);
    }

    private static String base(long slotIndex, int revision, int split) {
        return base(INFO_CLASS_LOW_VOLTAGE_PER_SLOT, Slots.jstEnd(slotIndex), revision, split);
    }

    private static String base(String infoClass, LocalDateTime end, int revision, int split) {
        if (revision < 0 || revision > 99) {
            throw new IllegalArgumentException("revision must be 0–99: " + revision);
        }
        if (split < 1 || split > 9999) {
            throw new IllegalArgumentException("split must be 1–9999: " + split);
        }
        StringBuilder sb = new StringBuilder(28).append("W4").append(infoClass);
        pad(sb, end.getYear(), 4);
        pad(sb, end.getMonthValue(), 2);
        pad(sb, end.getDayOfMonth(), 2);
        pad(sb, end.getHour(), 2);
        pad(sb, end.getMinute(), 2);
        pad(sb, revision, 2);
        pad(sb, split, 4);
        return sb.toString();
    }

    static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** True when {@code name} is a syntactically valid W4 ZIP name (no path characters possible). */
    public static boolean isW4Zip(String name) {
        return jp.ami.model.DeliveryFileNames.isValuesZip(name);
    }
}
