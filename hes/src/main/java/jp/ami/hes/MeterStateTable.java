package jp.ami.hes;

import java.util.Arrays;
import jp.ami.journal.ReadingBatch;

/**
 * The head-end's per-meter state in parallel primitive arrays indexed by the {@link MeterIndex} dense index
 * (one index probe per reading instead of one hash probe per field):
 * <pre>
 * field             bytes  what
 * window            8      {@link ReplayWindow} over envelope frame counters
 * boundary          8      {@link ReplayWindow} over slot-boundary numbers of journaled 0xEA (normal) readings
 * route             4      id of the route the meter's frames come from ({@code path << 32 | sourceId}), 0 unknown
 * reverse boundary  —      0xEB (PV export) boundary window: only meters that send it, in a small hash map
 * </pre>
 * 20 bytes per meter (580 MB for 29 million), plus ~24 bytes per PV-export meter. Windows are stored
 * complemented so that a fresh (zero) array means {@link ReplayWindow#NONE} (no fill, pages touched lazily).
 *
 * <p>Changes made while a batch is being checked go straight into the arrays and are also written to an undo
 * log; {@link #rollback} restores the state of {@link #beginBatch} (the journal append failed), {@link #beginBatch}
 * forgets the log (the batch is journaled). Not thread-safe: the ingest thread owns it.
 */
final class MeterStateTable {
    private static final byte WINDOW = 0;
    private static final byte BOUNDARY = 1;
    private static final byte REVERSE = 2;
    private static final byte ROUTE = 3;

    private long[] windows;
    private long[] boundaries;
    private int[] routes;
    /** Dense index → complemented 0xEB boundary window (absent = 0 = NONE). */
    private final LongLongMap reverse = new LongLongMap(1024);
    /** Route value {@code path << 32 | sourceId} → route id (1…); {@link #routeValues} the other way. */
    private final LongLongMap routeIds = new LongLongMap(1024);
    private long[] routeValues = new long[1024];
    private int routeCount;

    private int undoSize;
    private byte[] undoField = new byte[1024];
    private int[] undoIndex = new int[1024];
    private long[] undoOld = new long[1024];

    MeterStateTable(int capacity) {
        int cap = Math.max(16, capacity);
        windows = new long[cap];
        boundaries = new long[cap];
        routes = new int[cap];
    }

    /** Makes {@code index} addressable (grows the arrays for meters outside the dense range). */
    void ensure(int index) {
        if (index >= windows.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(index + 1L, windows.length * 3L / 2 + 16));
            windows = Arrays.copyOf(windows, cap);
            boundaries = Arrays.copyOf(boundaries, cap);
            routes = Arrays.copyOf(routes, cap);
        }
    }

    /** The counter window ({@link ReplayWindow#NONE} when nothing was accepted). */
    long window(int index) {
        return ~windows[index];
    }

    void setWindow(int index, long window) {
        log(WINDOW, index, windows[index]);
        windows[index] = ~window;
    }

    /** The boundary window for readings of {@code direction} ({@link ReadingBatch#DIRECTION_NORMAL} or reverse). */
    long boundary(int index, int direction) {
        if (direction == ReadingBatch.DIRECTION_NORMAL) {
            return ~boundaries[index];
        }
        return ~reverse.get(index, 0);
    }

    void setBoundary(int index, int direction, long window) {
        if (direction == ReadingBatch.DIRECTION_NORMAL) {
            log(BOUNDARY, index, boundaries[index]);
            boundaries[index] = ~window;
        } else {
            log(REVERSE, index, reverse.get(index, 0));
            reverse.put(index, ~window);
        }
    }

    /** The learned route {@code path << 32 | sourceId}, 0 when unknown. */
    long route(int index) {
        int id = routes[index];
        return id == 0 ? 0 : routeValues[id];
    }

    /** The id of a route value (assigned on first use; never 0). */
    int routeId(long route) {
        long id = routeIds.get(route, 0);
        if (id == 0) {
            id = ++routeCount;
            if (id >= routeValues.length) {
                routeValues = Arrays.copyOf(routeValues, routeValues.length * 2);
            }
            routeValues[(int) id] = route;
            routeIds.put(route, id);
        }
        return (int) id;
    }

    void setRoute(int index, int routeId) {
        int old = routes[index];
        if (old != routeId) {
            log(ROUTE, index, old);
            routes[index] = routeId;
        }
    }

    /** Starts a batch: changes from here on can be {@linkplain #rollback rolled back}. */
    void beginBatch() {
        undoSize = 0;
    }

    /** Restores every change since {@link #beginBatch}. */
    void rollback() {
        for (int u = undoSize - 1; u >= 0; u--) {
            int i = undoIndex[u];
            long old = undoOld[u];
            switch (undoField[u]) {
                case WINDOW -> windows[i] = old;
                case BOUNDARY -> boundaries[i] = old;
                case REVERSE -> reverse.put(i, old);
                default -> routes[i] = (int) old;
            }
        }
        undoSize = 0;
    }

    /** Bytes of the per-meter arrays per meter slot (excluding the sparse reverse windows and routes). */
    static int bytesPerMeter() {
        return Long.BYTES + Long.BYTES + Integer.BYTES;
    }

    private void log(byte field, int index, long old) {
        if (undoSize == undoField.length) {
            int n = undoSize * 2;
            undoField = Arrays.copyOf(undoField, n);
            undoIndex = Arrays.copyOf(undoIndex, n);
            undoOld = Arrays.copyOf(undoOld, n);
        }
        undoField[undoSize] = field;
        undoIndex[undoSize] = index;
        undoOld[undoSize] = old;
        undoSize++;
    }
}
