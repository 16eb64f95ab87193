package jp.ami.mdms.values;

import java.util.Arrays;
import jp.ami.mdms.master.MasterData;

/**
 * The finalised values of one slot for every registered supply point, as parallel primitive arrays indexed
 * by the dense supply-point index. Reused from slot to slot by the {@code SlotEngine}; consumers
 * ({@code ValueStore}, {@code SlotFileWriter}) must not keep a reference after the call returns.
 */
public final class SlotValues {
    private final MasterData master;
    private long slotIndex;
    private int revision;
    private int count;
    private long[] units = new long[0];
    private byte[] status = new byte[0];
    /** Retailer index (the registry keeps at most Short.MAX_VALUE retailers). */
    private short[] retailer = new short[0];
    private byte[] flags = new byte[0];

    public SlotValues(MasterData master) {
        this.master = master;
    }

    /** Resets for {@code slotIndex} with {@code count} points, all MISSING. */
    public void reset(long slotIndex, int revision, int count) {
        this.slotIndex = slotIndex;
        this.revision = revision;
        this.count = count;
        if (units.length < count) {
            int n = Math.max(count, units.length * 2);
            units = new long[n];
            status = new byte[n];
            retailer = new short[n];
            flags = new byte[n];
        }
        Arrays.fill(flags, 0, count, (byte) 0);
        Arrays.fill(units, 0, count, 0L);
        Arrays.fill(status, 0, count, (byte) ValueStatus.MISSING.ordinal());
    }

    public void set(int point, long valueUnits, ValueStatus s, int retailerIndex) {
        set(point, valueUnits, s, retailerIndex, 0);
    }

    /** Sets one point's value with its {@link Vee} flags. */
    public void set(int point, long valueUnits, ValueStatus s, int retailerIndex, int veeFlags) {
        flags[point] = (byte) veeFlags;
        units[point] = valueUnits;
        status[point] = (byte) s.ordinal();
        retailer[point] = (short) retailerIndex;
    }

    /** {@link Vee} flags of the point's value. */
    public int flags(int point) {
        return flags[point] & 0xFF;
    }

    /** Sets the revision number of this set (for a re-issue). */
    public void revision(int r) {
        this.revision = r;
    }

    public MasterData master() {
        return master;
    }

    public long slotIndex() {
        return slotIndex;
    }

    public int revision() {
        return revision;
    }

    /** Number of supply points (dense indexes 0 … count−1). */
    public int count() {
        return count;
    }

    /** Value in 0.0001 kWh; meaningful only when {@link #status} is not MISSING. */
    public long units(int point) {
        return units[point];
    }

    public ValueStatus status(int point) {
        return ValueStatus.ofOrdinal(status[point]);
    }

    public boolean isMissing(int point) {
        return status[point] == ValueStatus.MISSING.ordinal();
    }

    /** Retailer index (in the supply registry) supplying the point during this slot. */
    public int retailer(int point) {
        return retailer[point];
    }
}
