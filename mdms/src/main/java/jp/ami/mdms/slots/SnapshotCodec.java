package jp.ami.mdms.slots;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.model.SupplyRegistry;

/**
 * The engine snapshot: the whole slot state (not the listeners, files, store, nor the issued values, which are on
 * disk already in {@code DayValues}) as one binary record, written with {@link DataOutputStream} — big-endian, no
 * padding. Restoring it into an engine over the same master data continues exactly where the writing engine stood.
 *
 * <h2>Layout (version 2)</h2>
 * {@code P} = points (the registry size), {@code W(L)} = {@code (L + 63) / 64} bit words for {@code L} points.
 * <pre>
 * offset  size        field
 * ------  ----------  -----------------------------------------------------------------
 *      0  8           magic 0x4D444D53_534E4150 ("MDMSSNAP")
 *      8  4           version = 3 (1 and 2 are still read: see below)
 *     12  4           P, the number of supply points (a snapshot of other master data is refused)
 *     16  8           watermark: the latest slot finalised (Long.MIN_VALUE before the first)
 *     24  4           C, the number of counters (29; 26 in version-2 files written before the cut-off counters, 22 in version 1: missing ones read as 0)
 *     28  8 × C       counters, in {@link EngineCounters#toArray()} order
 *         1 × P       unit code of every point      } {@link MeterFormats}, by point index
 *         1 × P       register digits               }
 *         4 × P       coefficient                   }
 *         4           O, open slots
 *         8 × O       open slot indexes, ascending
 *         4           B, boundaries held
 *         B × boundary, ascending by key:
 *           +------+-----+---------+----------+----------+----------+
 *           | key  |  L  | reg     | present  | skewed   | conflict |
 *           | 8    |  4  | 4 × L   | 8 × W(L) | 8 × W(L) | 8 × W(L) |
 *           +------+-----+---------+----------+----------+----------+
 *           key = the slot ending at the boundary; L = points held (≥ 64); reg = unsigned 32-bit registers
 *         4           G, gaps
 *         G × gap, ascending by point:
 *           +-------+-------+-----+--------------+--------------+-----+--------------+
 *           | point | first |  n  | boundaries   | registers    |  I  | issued       |
 *           | 4     | 8     |  4  | 8 × n        | 8 × n        |  4  | 8 × I        |
 *           +-------+-------+-----+--------------+--------------+-----+--------------+
 *           first = first slot tracked; I = slots issued from first on, as packed values ({@code Vee.pack})
 *         4           D, gaps queued for a revision
 *         4 × D       their points, in queue order
 *         4           S, slot revision numbers
 *         S × (8 slot index, 4 revision), ascending by slot
 *         4           Y, day revision numbers
 *         Y × (8 JST epoch day, 4 revision), ascending by day
 *         --- from version 2: the export state (PV points, by export index; see {@link ExportIndex}) ---
 *         4           M, PV points (the export index's size)
 *         M × (4 supply point, 8 first export slot), by export index
 *         4           EB, export boundaries held, then EB × boundary as above (L ≥ 64 export indexes)
 *         4           EG, export gaps, then EG × gap as above (point = the export index)
 *         4           ED, export gaps queued for a revision
 *         4 × ED      their export indexes, in queue order
 *         --- from version 3: the provenance of the import boundaries' readings (see {@link Boundary}) ---
 *         B × provenance, in the order of the boundaries above:
 *           +-----+----------------------------------+---------+
 *           |  D  | documents                        | refs    |
 *           |  4  | D × (8 journal index, 8 route)   | 4 × L   |
 *           +-----+----------------------------------+---------+
 *           route = path &lt;&lt; 32 | source ID; refs = 1 + document ordinal per point, 0 unknown
 *         --- all versions ---
 *         8           magic again: the end mark (a missing one = truncated)
 * </pre>
 * A version-1 or -2 snapshot (written before the value history) is read with no provenance: the values of its held
 * boundaries get history rows with unknown source and journal index.
 * A version-1 snapshot (written before export values existed: its engine dropped reverse readings) is read with an
 * empty export state: PV points get export values again from their next reverse readings. Any other version is
 * refused ({@link #read} returns false and the server replays the journal from the start).
 * The MDMS server frames it in {@code engine.snapshot} after two longs of its own (journal documents and engine-log
 * events covered).
 */
final class SnapshotCodec {
    static final long MAGIC = 0x4D444D53_534E4150L; // "MDMSSNAP"
    static final int VERSION = 3;
    /** The version before provenance; still read. */
    static final int VERSION_2 = 2;
    /** The version before export values; still read. */
    static final int VERSION_1 = 1;

    private final SupplyRegistry registry;
    private final EngineCounters counters;
    private final MeterFormats formats;
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final RevisionNumbers revisions;
    private final ExportIndex exportIndex;
    private final BoundaryWindow exportWindow;
    private final Gaps exportGaps;

    SnapshotCodec(SupplyRegistry registry, EngineCounters counters, MeterFormats formats, BoundaryWindow window, Gaps gaps,
                  RevisionNumbers revisions, ExportIndex exportIndex, BoundaryWindow exportWindow, Gaps exportGaps) {
        this.exportIndex = exportIndex;
        this.exportWindow = exportWindow;
        this.exportGaps = exportGaps;
        this.registry = registry;
        this.counters = counters;
        this.formats = formats;
        this.window = window;
        this.gaps = gaps;
        this.revisions = revisions;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(registry.size());
        out.writeLong(window.watermark());
        long[] c = counters.toArray();
        out.writeInt(c.length);
        writeLongs(out, c, c.length);
        out.write(formats.unitCode);
        out.write(formats.digits);
        writeInts(out, formats.coefficient, formats.coefficient.length);
        out.writeInt(window.openSlotSet().size());
        for (long k : window.openSlotSet()) {
            out.writeLong(k);
        }
        writeBoundaries(out, window);
        writeGaps(out, gaps);
        writeMap(out, revisions.slotMap());
        writeMap(out, revisions.dayMap());
        int m = exportIndex.size();
        out.writeInt(m);
        for (int e = 0; e < m; e++) {
            out.writeInt(exportIndex.point(e));
            out.writeLong(exportIndex.firstSlot(e));
        }
        writeBoundaries(out, exportWindow);
        writeGaps(out, exportGaps);
        for (Boundary b : window.boundaryMap().values()) {
            out.writeInt(b.docs);
            for (int d = 0; d < b.docs; d++) {
                out.writeLong(b.docIndex[d]);
                out.writeLong(b.docRoute[d]);
            }
            writeInts(out, b.doc, b.reg.length);
        }
        out.writeLong(MAGIC);
    }

    private static void writeBoundaries(DataOutputStream out, BoundaryWindow window) throws IOException {
        out.writeInt(window.boundaryMap().size());
        for (Map.Entry<Long, Boundary> e : window.boundaryMap().entrySet()) {
            out.writeLong(e.getKey());
            Boundary b = e.getValue();
            out.writeInt(b.reg.length);
            writeInts(out, b.reg, b.reg.length);
            writeLongs(out, b.bits, b.bits.length);
            writeLongs(out, b.skew, b.skew.length);
            writeLongs(out, b.conflict, b.conflict.length);
        }
    }

    private static void writeGaps(DataOutputStream out, Gaps gaps) throws IOException {
        out.writeInt(gaps.size());
        for (Gap g : gaps.inPointOrder()) {
            out.writeInt(g.point);
            out.writeLong(g.first);
            out.writeInt(g.n);
            writeLongs(out, g.bnd, g.n);
            writeLongs(out, g.reg, g.n);
            out.writeInt(g.issuedCount);
            writeLongs(out, g.issued, g.issuedCount);
        }
        out.writeInt(gaps.dirtyQueue().size());
        for (Gap g : gaps.dirtyQueue()) {
            out.writeInt(g.point);
        }
    }

    /**
     * Reads a snapshot into the engine's state; returns false (state untouched) when it does not fit this master
     * data (magic, version or point count differ) or is of an unknown version. A snapshot that fits but is damaged throws with the state partly
     * replaced: the engine is then to be discarded.
     */
    boolean read(DataInputStream in) throws IOException {
        if (in.readLong() != MAGIC) {
            return false;
        }
        int version = in.readInt();
        if ((version != VERSION && version != VERSION_2 && version != VERSION_1) || in.readInt() != registry.size()) {
            return false;
        }
        int n = registry.size();
        window.watermark(in.readLong());
        long[] c = new long[in.readInt()];
        readLongs(in, c, c.length);
        in.readFully(formats.unitCode, 0, n);
        in.readFully(formats.digits, 0, n);
        readInts(in, formats.coefficient, n);
        window.openSlotSet().clear();
        for (int i = in.readInt(); i > 0; i--) {
            window.openSlotSet().add(in.readLong());
        }
        readBoundaries(in, window);
        readGaps(in, gaps);
        readMap(in, revisions.slotMap());
        readMap(in, revisions.dayMap());
        exportIndex.clear();
        if (version >= VERSION_2) {
            for (int e = 0, m = in.readInt(); e < m; e++) {
                exportIndex.add(in.readInt(), in.readLong());
            }
            exportGaps.capacity(exportIndex.size());
            readBoundaries(in, exportWindow);
            readGaps(in, exportGaps);
        } else {
            exportWindow.boundaryMap().clear();
            exportGaps.clear();
        }
        if (version >= VERSION) {
            for (Boundary b : window.boundaryMap().values()) {
                int d = in.readInt();
                if (d < 0) {
                    throw new IOException("bad document count " + d);
                }
                b.docIndex = new long[Math.max(4, d)];
                b.docRoute = new long[b.docIndex.length];
                for (int j = 0; j < d; j++) {
                    b.docIndex[j] = in.readLong();
                    b.docRoute[j] = in.readLong();
                }
                b.docs = d;
                readInts(in, b.doc, b.reg.length);
            }
        }
        exportWindow.invalidate();
        counters.exportPoints = exportIndex.size();
        if (in.readLong() != MAGIC) {
            throw new IOException("snapshot is truncated");
        }
        counters.restore(c);
        window.invalidate();
        return true;
    }

    private static void readBoundaries(DataInputStream in, BoundaryWindow window) throws IOException {
        TreeMap<Long, Boundary> boundaries = window.boundaryMap();
        boundaries.clear();
        for (int i = in.readInt(); i > 0; i--) {
            long key = in.readLong();
            int len = in.readInt();
            Boundary b = new Boundary(len);
            if (b.reg.length != len) {
                throw new IOException("bad boundary length " + len);
            }
            readInts(in, b.reg, len);
            readLongs(in, b.bits, b.bits.length);
            readLongs(in, b.skew, b.skew.length);
            readLongs(in, b.conflict, b.conflict.length);
            boundaries.put(key, b);
        }
    }

    private static void readGaps(DataInputStream in, Gaps gaps) throws IOException {
        gaps.clear();
        for (int i = in.readInt(); i > 0; i--) {
            Gap g = new Gap(in.readInt(), in.readLong());
            int m = in.readInt();
            g.bnd = new long[Math.max(4, m)];
            g.reg = new long[Math.max(4, m)];
            g.n = m;
            readLongs(in, g.bnd, m);
            readLongs(in, g.reg, m);
            int ic = in.readInt();
            g.issued = new long[Math.max(4, ic)];
            g.issuedCount = ic;
            readLongs(in, g.issued, ic);
            gaps.put(g);
        }
        for (int i = in.readInt(); i > 0; i--) {
            gaps.requeue(in.readInt());
        }
    }

    private static void writeInts(DataOutputStream out, int[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeInt(a[i]);
        }
    }

    private static void writeLongs(DataOutputStream out, long[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeLong(a[i]);
        }
    }

    private static void readInts(DataInputStream in, int[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
    }

    private static void readLongs(DataInputStream in, long[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
    }

    /** A map as its size and its (long key, int value) entries in key order. */
    private static void writeMap(DataOutputStream out, HashMap<Long, Integer> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<Long, Integer> e : new TreeMap<>(m).entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    private static void readMap(DataInputStream in, HashMap<Long, Integer> m) throws IOException {
        m.clear();
        for (int i = in.readInt(); i > 0; i--) {
            m.put(in.readLong(), in.readInt());
        }
    }
}
