package jp.ami.mdms.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes {@code from … to} (inclusive) of a file to send: the part a single-range {@code Range} header asks for
 * ({@code partial}, 206), or the whole file (200).
 */
record ByteRange(long from, long to, boolean partial) {
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    /**
     * What to send of a file of {@code length} bytes with entity tag {@code etag}: the whole file without a usable
     * range (none, several, not in bytes, or an {@code If-Range} naming another tag), the range asked for (its end
     * cut to the file), or null when no byte of it is in the file (416).
     */
    static ByteRange of(String range, String ifRange, String etag, long length) {
        Matcher m = range == null ? null : SINGLE_RANGE.matcher(range.trim());
        if (m == null || !m.matches() || (ifRange != null && !ifRange.equals(etag)) || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new ByteRange(0, length - 1, false);
        }
        long from;
        long to = length - 1;
        boolean partial;
        if (m.group(1).isEmpty()) { // suffix: the last n bytes
            long n = Long.parseLong(m.group(2));
            from = Math.max(0, length - n);
            partial = n > 0;
        } else {
            from = Long.parseLong(m.group(1));
            to = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
            partial = true;
        }
        if (!partial || from >= length || from > to) {
            return null;
        }
        return new ByteRange(from, to, true);
    }
}
