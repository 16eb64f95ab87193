package jp.ami.mdms.values;

import java.util.Arrays;
import jp.ami.mdms.master.MasterData;

/**
 * The finalised values of one slot for every registered supply point, as parallel primitive arrays indexed
 * by the dense supply-point index. Reused from slot to slot by the {@code SlotEngine}; consumers
 * ({@code ValueStore}, {@code SlotFileWriter}) must not keep a reference after the call returns.
 *
 * <p>The export (reverse-direction, PV) values of the slot ride along, by export index ({@link ExportIndex}): only PV
 * points have one. {@link #hasExport} tells whether a point has an export value in this slot (one bit test for a
 * point without PV); {@link #exportUnits}, {@link #exportStatus}, {@link #exportFlags} give it. A set without export
 * values (after {@link #reset}, or one filled by hand) has none.
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
    /** {@link Vee.Method} ordinal. */
    private byte[] method = new byte[0];
    private ExportIndex exportIndex;
    private int exportCount;
    /** {@link Vee#pack packed} export value by export index; 0 = none in this slot. */
    private long[] export = new long[0];

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
            method = new byte[n];
        }
        exportCount = 0;
        Arrays.fill(flags, 0, count, (byte) 0);
        Arrays.fill(method, 0, count, (byte) 0);
        Arrays.fill(units, 0, count, 0L);
        Arrays.fill(status, 0, count, (byte) ValueStatus.MISSING.ordinal());
    }

    public void set(int point, long valueUnits, ValueStatus s, int retailerIndex) {
        set(point, valueUnits, s, retailerIndex, 0);
    }

    /** Sets one point's value with its {@link Vee} flags (method {@link Vee.Method#MEASURED}). */
    public void set(int point, long valueUnits, ValueStatus s, int retailerIndex, int veeFlags) {
        set(point, valueUnits, s, retailerIndex, veeFlags, Vee.Method.MEASURED);
    }

    /** Sets one point's value with its {@link Vee} flags and the method that produced it. */
    public void set(int point, long valueUnits, ValueStatus s, int retailerIndex, int veeFlags, Vee.Method m) {
        method[point] = (byte) m.ordinal();
        flags[point] = (byte) veeFlags;
        units[point] = valueUnits;
        status[point] = (byte) s.ordinal();
        retailer[point] = (short) retailerIndex;
    }

    /** Resets the export values to {@code count} PV points of {@code index}, none set. */
    public void resetExport(ExportIndex index, int count) {
        this.exportIndex = index;
        this.exportCount = count;
        if (export.length < count) {
            export = new long[Math.max(count, export.length * 2)];
        }
        Arrays.fill(export, 0, count, 0L);
    }

    /** Sets the {@link Vee#pack packed} export value of export index {@code e} (0 = none). */
    public void setExport(int e, long packed) {
        export[e] = packed;
    }

    /** The packed export value of supply point {@code point} in this slot, or 0 when it has none. */
    public long exportPacked(int point) {
        if (exportCount == 0) {
            return 0;
        }
        int e = exportIndex.of(point);
        return e < 0 || e >= exportCount ? 0 : export[e];
    }

    /** Whether the point has an export value (PV) in this slot. */
    public boolean hasExport(int point) {
        return Vee.isSet(exportPacked(point));
    }

    /** Export value in 0.0001 kWh; meaningful only when {@link #hasExport} and the export status is not MISSING. */
    public long exportUnits(int point) {
        long v = exportPacked(point);
        return Vee.status(v) == ValueStatus.MISSING ? 0 : Vee.units(v);
    }

    /** Status of the point's export value; meaningful only when {@link #hasExport}. */
    public ValueStatus exportStatus(int point) {
        return Vee.status(exportPacked(point));
    }

    /** {@link Vee} flags of the point's export value. */
    public int exportFlags(int point) {
        return Vee.flags(exportPacked(point));
    }

    /** {@link Vee} flags of the point's value. */
    public int flags(int point) {
        return flags[point] & 0xFF;
    }

    /** The {@link Vee.Method} that produced the point's value. */
    public Vee.Method method(int point) {
        return Vee.Method.ofOrdinal(method[point]);
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
