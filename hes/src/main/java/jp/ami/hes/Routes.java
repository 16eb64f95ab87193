package jp.ami.hes;

import jp.ami.model.CommPath;

/**
 * A source route, as the head-end learns it per meter from the batches the meter's frames arrive in: the
 * concentrator / border router / relay the frames came through, as one {@code long}.
 *
 * <pre>
 * bit 63 … 32         31 … 0
 *     CommPath code   sourceId u32       0 = {@link #UNROUTED}: a meter not heard from
 * </pre>
 *
 * Named in the statistics and the silent-meter worklist by its path key ({@code plc}, {@code unknown} when
 * unrouted) and source key ({@code plc-17}, {@code unrouted}).
 */
public final class Routes {
    /** The route of a meter not heard from. */
    public static final long UNROUTED = 0;

    private Routes() {
    }

    /** The route of source {@code sourceId} (u32) on path {@code pathCode}. */
    public static long of(int pathCode, long sourceId) {
        return ((long) pathCode << 32) | sourceId;
    }

    /** The route's path; an {@link jp.ami.model.InvalidValueException} for {@link #UNROUTED}. */
    public static CommPath path(long route) {
        return CommPath.ofCode((int) (route >>> 32));
    }

    /** The route's source ID, u32. */
    public static long sourceId(long route) {
        return route & 0xFFFF_FFFFL;
    }

    /** The path's key, {@code unknown} when unrouted. */
    public static String pathKey(long route) {
        return route == UNROUTED ? "unknown" : path(route).key();
    }

    /** {@code <path key>-<source ID>}, {@code unrouted} when unrouted. */
    public static String sourceKey(long route) {
        return route == UNROUTED ? "unrouted" : pathKey(route) + "-" + sourceId(route);
    }
}
