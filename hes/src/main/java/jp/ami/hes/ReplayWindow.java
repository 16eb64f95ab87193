package jp.ami.hes;

/**
 * Per-meter anti-replay window over envelope frame counters, packed into one {@code long} so the state of
 * millions of meters lives in a primitive map (no object per meter):
 * <pre>
 *  63            32 31             0
 * +----------------+----------------+
 * | highest counter|  seen bitmap   |   bit k set ⇔ counter (highest − k) was accepted, k = 0…31
 * +----------------+----------------+
 * </pre>
 * A frame is {@link #NEW} when its counter is above the highest, or within the last {@value #WIDTH} counters and
 * not yet seen (a late or reordered reading, normal on the A-route); {@link #DUPLICATE} when already seen (a
 * resend); {@link #STALE} when older than the window (a replay, or a frame too late to be told apart from one).
 * Thirty-two counters cover 16 hours of 30-minute readings.
 */
final class ReplayWindow {
    static final int WIDTH = 32;
    /** Packed state meaning "no frame accepted yet"; never produced by {@link #mark}. */
    static final long NONE = -1L;

    static final int NEW = 0;
    static final int DUPLICATE = 1;
    static final int STALE = 2;

    private ReplayWindow() {
    }

    static int check(long state, long counter) {
        if (state == NONE) {
            return NEW;
        }
        long highest = state >>> 32;
        if (counter > highest) {
            return NEW;
        }
        long age = highest - counter;
        if (age >= WIDTH) {
            return STALE;
        }
        return (state & (1L << age)) != 0 ? DUPLICATE : NEW;
    }

    /** The state after accepting {@code counter} (a u32), which {@link #check} found {@link #NEW}. */
    static long mark(long state, long counter) {
        if (state == NONE) {
            return (counter << 32) | 1L;
        }
        long highest = state >>> 32;
        long bits = state & 0xFFFF_FFFFL;
        if (counter > highest) {
            long shift = counter - highest;
            bits = shift >= WIDTH ? 1L : ((bits << shift) | 1L) & 0xFFFF_FFFFL;
            return (counter << 32) | bits;
        }
        return (highest << 32) | bits | (1L << (highest - counter));
    }
}
