package jp.ami.model;

import java.util.regex.Pattern;

/**
 * The one place that says which file names are delivered to retailers, shared by the MDMS (outbox), the front
 * (which refuses any other name before it reaches the backend) and the retailer client (which never requests or
 * writes any other name):
 * <ul>
 *   <li>30-minute values: {@code W4} + 22 digits + {@code .zip} (the MDMS's {@code FileNames} gives the fields);</li>
 *   <li>confirmed usage notices: {@code W5} + 19 digits + {@code .zip} (the MDMS's {@code UsageFileNames}).</li>
 * </ul>
 * Neither can hold a path character.
 */
public final class DeliveryFileNames {
    /** 30-minute value files. */
    public static final Pattern VALUES = Pattern.compile("W4\\d{22}\\.zip");
    /** Confirmed usage notices. */
    public static final Pattern USAGE = Pattern.compile("W5\\d{19}\\.zip");

    private DeliveryFileNames() {
    }

    public static boolean isValuesZip(String name) {
        return name != null && VALUES.matcher(name).matches();
    }

    public static boolean isUsageZip(String name) {
        return name != null && USAGE.matcher(name).matches();
    }

    /** Either kind. */
    public static boolean isDeliveryZip(String name) {
        return isValuesZip(name) || isUsageZip(name);
    }
}
