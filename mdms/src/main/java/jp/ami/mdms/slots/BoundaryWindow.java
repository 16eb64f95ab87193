package jp.ami.mdms.slots;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.ami.model.SupplyRegistry;
import jp.ami.mdms.values.ExportIndex;

/**
 * The open part of the slot timeline: the slots still to be finalised, the watermark (the latest slot finalised)
 * and a {@link Boundary} per boundary an open slot needs, keyed by the slot that ENDS at the boundary. A boundary
 * is kept while the slot ending there or the slot starting there is open.
 *
 * <p>{@link #resolve} is on the intake hot path: it caches the last boundary it resolved (a journal document holds
 * the readings of one boundary, mostly), so the boxed map lookups happen once per run of readings.
 *
 * <p>The <em>export window</em> ({@link #BoundaryWindow(BoundaryWindow, ExportIndex)}) holds the reverse registers of
 * the PV points, by export index, and has no timeline of its own: it follows the import window's open slots and
 * watermark ({@link #resolve} resolves the boundary there first, opening slots as a normal reading would), holds an
 * export boundary only where the import window holds one, and drops it with it ({@link #close}).
 */
final class BoundaryWindow {
    private final SupplyRegistry registry;
    /** For the export window: the import window whose timeline it follows, and the export index; else null. */
    private final BoundaryWindow timeline;
    private final ExportIndex export;
    private final TreeMap<Long, Boundary> boundaries = new TreeMap<>();
    private final TreeSet<Long> openSlots = new TreeSet<>();
    private long watermark = Long.MIN_VALUE;

    private long cachedKey = Long.MIN_VALUE;
    private Boundary cachedBoundary;
    private boolean cachedLate;
    private boolean cacheValid;

    BoundaryWindow(SupplyRegistry registry) {
        this.registry = registry;
        this.timeline = null;
        this.export = null;
    }

    /** The export window: export boundaries (by export index) following {@code timeline}'s slots. */
    BoundaryWindow(BoundaryWindow timeline, ExportIndex export) {
        this.registry = timeline.registry;
        this.timeline = timeline;
        this.export = export;
    }

    /**
     * The boundary state for readings at the end of slot {@code b}, or null when no open slot needs it; opens slot
     * {@code b} (when its start boundary is held) and slot {@code b + 1} when they are after the watermark. Whether
     * the reading is late (for a finalised slot) is then {@link #lastResolvedLate()}.
     */
    Boundary resolve(long b) {
        if (cacheValid && cachedKey == b) {
            return cachedBoundary; // nearly every reading of a document: kept small so it inlines into the intake loop
        }
        return resolveAndCache(b);
    }

    private Boundary resolveAndCache(long b) {
        if (timeline != null) {
            return resolveExport(b);
        }
        boolean isLate = false;
        if (!openSlots.contains(b)) {
            if (b > watermark) {
                if (boundaries.containsKey(b - 1)) {
                    openSlots.add(b);
                }
            } else {
                isLate = true;
            }
        }
        if (b + 1 > watermark) {
            openSlots.add(b + 1);
        }
        Boundary boundary = null;
        if (openSlots.contains(b) || openSlots.contains(b + 1)) {
            boundary = boundaries.get(b);
            if (boundary == null) {
                boundary = new Boundary(registry.size());
                boundaries.put(b, boundary);
            }
        }
        cachedKey = b;
        cachedBoundary = boundary;
        cachedLate = isLate;
        cacheValid = true;
        return boundary;
    }

    /** Export window: the export boundary where the import window holds (or now opens) one. Caches non-null only. */
    private Boundary resolveExport(long b) {
        cachedLate = false;
        if (timeline.resolve(b) == null) {
            cachedLate = timeline.lastResolvedLate();
            return null; // not cached: a later expect() may open the slot in the import window
        }
        Boundary boundary = boundaries.get(b);
        if (boundary == null) {
            boundary = new Boundary(export.size());
            boundaries.put(b, boundary);
        }
        cachedKey = b;
        cachedBoundary = boundary;
        cachedLate = timeline.lastResolvedLate();
        cacheValid = true;
        return boundary;
    }

    /** Whether the boundary of the last {@link #resolve} ends a slot already finalised. */
    boolean lastResolvedLate() {
        return cachedLate;
    }

    /** Opens slots {@code from … to} (inclusive) that are after the watermark. */
    void expect(long from, long to) {
        for (long k = from; k <= to; k++) {
            if (k > watermark) {
                openSlots.add(k);
            }
        }
        cacheValid = false;
    }

    /** Closes slot {@code k} (finalised): moves the watermark and drops the boundaries no open slot needs. */
    void close(long k) {
        if (timeline != null) { // after the import window's close(k): keep what it keeps
            cacheValid = false;
            boundaries.keySet().removeIf(j -> timeline.at(j) == null);
            return;
        }
        openSlots.remove(k);
        watermark = Math.max(watermark, k);
        cacheValid = false;
        dropBoundaries();
    }

    /** Drops boundaries whose two slots (the one ending and the one starting there) are both finalised. */
    private void dropBoundaries() {
        Iterator<Map.Entry<Long, Boundary>> it = boundaries.headMap(watermark, false).entrySet().iterator();
        while (it.hasNext()) {
            long j = it.next().getKey();
            if (!openSlots.contains(j) && !openSlots.contains(j + 1)) {
                it.remove();
            }
        }
    }

    /** Adds the held readings of the gap's point at boundaries from {@code fromBoundary} on. */
    void addReadingsTo(Gap g, long fromBoundary) {
        for (Map.Entry<Long, Boundary> e : boundaries.tailMap(fromBoundary, true).entrySet()) {
            if (e.getValue().has(g.point)) {
                g.add(e.getKey(), e.getValue().get(g.point));
            }
        }
    }

    /**
     * Hands {@code v} the provenance of point {@code p}'s first held reading at a boundary from {@code fromBoundary} on
     * (the closing reading of slot {@code fromBoundary}, or of the gap it is in), if one is held with a document
     * reference. For values without their own closing reading: not on the per-point hot path.
     */
    void provenanceTo(jp.ami.mdms.values.SlotValues v, int p, long fromBoundary) {
        for (Boundary b : boundaries.tailMap(fromBoundary, true).values()) {
            if (b.has(p)) {
                b.provenanceTo(v, p);
                return;
            }
        }
    }

    /** The boundary at the end of slot {@code b}, or null. */
    Boundary at(long b) {
        return boundaries.get(b);
    }

    long watermark() {
        return timeline != null ? timeline.watermark() : watermark;
    }

    /** The first open slot, or {@code Long.MAX_VALUE}. */
    long firstOpen() {
        return openSlots.isEmpty() ? Long.MAX_VALUE : openSlots.first();
    }

    /** Open slots in order (a copy). */
    List<Long> openSlots() {
        return new ArrayList<>(openSlots);
    }

    /** Number of boundary states held. */
    int size() {
        return boundaries.size();
    }

    // ---- for SnapshotCodec: the state as it is, and its replacement

    TreeSet<Long> openSlotSet() {
        return openSlots;
    }

    TreeMap<Long, Boundary> boundaryMap() {
        return boundaries;
    }

    void watermark(long w) {
        watermark = w;
    }

    /** Forgets the cached {@link #resolve} result (after the state was replaced). */
    void invalidate() {
        cacheValid = false;
    }
}
