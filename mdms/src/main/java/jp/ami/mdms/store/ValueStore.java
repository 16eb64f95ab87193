package jp.ami.mdms.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jp.ami.mdms.values.SlotValues;

/**
 * Where finalised 30-minute values are kept, keyed by (slot end, supply point). Writes are idempotent:
 * writing the same slot again replaces its rows (a replayed journal never duplicates a value).
 *
 * <p>{@link QuestDbStore} is the embedded implementation; an external QuestDB server is another
 * implementation of this interface (later issue).
 */
public interface ValueStore extends AutoCloseable {
    /**
     * Writes one row per point of {@code values}, with the point's export value ({@link SlotValues#hasExport}) in the
     * export columns (null without one), and the same row with rule, provenance and correction to the value history
     * ({@code lv_30min_history}, keyed by revision too: {@link HistoryTable}). Called on the engine thread. Rows become
     * visible asynchronously.
     */
    void write(SlotValues values, Instant writtenAt);

    /**
     * Writes (upserts) the rows of {@code points[0 … n)} only, with {@code values.revision()}: a revision of
     * some values of a finalised slot (a new history row per point, beside its earlier revisions).
     */
    void write(SlotValues values, int[] points, int n, Instant writtenAt);

    /** The stored values of {@code slotIndex}, in supply-point-ID order. */
    List<StoredValue> read(long slotIndex);

    /**
     * One stored value of a point's history: slot end (epoch seconds), value (null when missing), status, revision, and
     * the export value (null when none or missing) and its status (null when the point has no export value there).
     */
    record PointValue(long slotEndEpochSecond, Long valueUnits, String status, int revision, Long exportUnits,
                      String exportStatus) {
        /** A value without an export value. */
        public PointValue(long slotEndEpochSecond, Long valueUnits, String status, int revision) {
            this(slotEndEpochSecond, valueUnits, status, revision, null, null);
        }
    }

    /**
     * A supply point's values with slot end in ({@code from}, {@code to}], in slot order (IF_10310 usage
     * information reads it). Stores that keep no history (test and benchmark stand-ins) do not support it.
     */
    default List<PointValue> readPoint(String supplyPointId, Instant from, Instant to) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no per-point history");
    }

    /**
     * Per supply point, the total of the non-missing values with slot end in ({@code from}, {@code to}], 0.0001 kWh
     * (the confirmed usage is checked against it). Stores that keep no history do not support it.
     */
    default java.util.Map<String, Long> totals(Instant from, Instant to) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no history");
    }

    /**
     * A supply point's value history ({@code lv_30min_history}): every revision of its values with slot end in
     * ({@code from}, {@code to}], by slot then revision. Stores that keep no history do not support it.
     */
    default List<HistoryRecord> readHistory(String supplyPointId, Instant from, Instant to) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no value history");
    }

    /** Number of visible rows in the value history ({@code lv_30min_history}). */
    default long historyCount() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no value history");
    }

    /** Number of rows in the table. */
    long count();

    /** Visible rows per status code (e.g. {@code {"0"=95000, "1"=700, "9"=300}}): present / estimated / missing counts. */
    java.util.Map<String, Long> countByStatus();

    /** Number of visible rows of {@code slotIndex}. */
    long count(long slotIndex);

    /**
     * Waits until {@code slotIndex} has at least {@code expectedRows} visible rows. Returns false on timeout.
     */
    boolean awaitVisible(long slotIndex, long expectedRows, Duration timeout);

    /** Waits until the table has at least {@code expectedRows} visible rows. Returns false on timeout. */
    boolean awaitVisible(long expectedRows, Duration timeout);

    @Override
    void close();
}
