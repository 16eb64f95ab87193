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
    /**
     * Provenance of each point's closing reading (0 = unknown): the {@link jp.ami.model.CommPath} code, the source
     * (concentrator / border router / relay, u32), the envelope frame counter (u32) and the Chronicle index of the
     * journal document holding it. Written only to the value history ({@code lv_30min_history}).
     */
    private byte[] sourcePath = new byte[0];
    private int[] sourceId = new int[0];
    private int[] frameCounter = new int[0];
    private long[] journalIndex = new long[0];
    /** Operator corrections of this set, sparse: at most a few per slot. */
    private final Corrections corrections = new Corrections();

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
            sourcePath = new byte[n];
            sourceId = new int[n];
            frameCounter = new int[n];
            journalIndex = new long[n];
        }
        exportCount = 0;
        corrections.clear();
        Arrays.fill(sourcePath, 0, count, (byte) 0);
        Arrays.fill(sourceId, 0, count, 0);
        Arrays.fill(frameCounter, 0, count, 0);
        Arrays.fill(journalIndex, 0, count, 0L);
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

    /**
     * Sets where the point's closing reading came from (the closing reading of the gap for an estimated value).
     *
     * @param pathCode     {@link jp.ami.model.CommPath#code()}, 0 unknown
     * @param source       concentrator / border router / relay ID (u32)
     * @param frameCounter envelope frame counter (u32), 0 when not known (stored as NULL)
     * @param journalIndex Chronicle index of the journal document holding the reading
     */
    public void provenance(int point, int pathCode, long source, long frameCounter, long journalIndex) {
        this.sourcePath[point] = (byte) pathCode;
        this.sourceId[point] = (int) source;
        this.frameCounter[point] = (int) frameCounter;
        this.journalIndex[point] = journalIndex;
    }

    /** {@link jp.ami.model.CommPath} code of the closing reading's path, 0 when unknown. */
    public int sourcePath(int point) {
        return sourcePath[point];
    }

    /** Concentrator / border router / relay ID of the closing reading (u32), 0 when unknown. */
    public long sourceId(int point) {
        return Integer.toUnsignedLong(sourceId[point]);
    }

    /** Envelope frame counter of the closing reading (u32), 0 when unknown. */
    public long frameCounter(int point) {
        return Integer.toUnsignedLong(frameCounter[point]);
    }

    /** Chronicle index of the journal document holding the closing reading, 0 when unknown. */
    public long journalIndex(int point) {
        return journalIndex[point];
    }

    /** Records an operator correction of the point's value in this set (id, operator code, reason). */
    public void correction(int point, long correctionId, String operator, String reason) {
        corrections.put(point, correctionId, operator, reason);
    }

    /** The correction of the point in this set, or null (no allocation). */
    public Corrections.Correction correction(int point) {
        return corrections.get(point);
    }

    /** Whether any point of this set carries a correction. */
    public boolean hasCorrections() {
        return corrections.size() > 0;
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
