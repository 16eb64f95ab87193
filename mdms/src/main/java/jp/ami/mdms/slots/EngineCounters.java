package jp.ami.mdms.slots;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.model.OperatorCode;

/**
 * The engine's counters (see {@link EngineStats} for their meaning). Single writer — the engine thread, through
 * the collaborators that count, which add to the package-private fields directly — and read by any thread through
 * {@link #stats()}. The 29 plain counters are part of the snapshot, in the order of {@link #toArray()}.
 */
final class EngineCounters {
    private static final int MAX_TIMINGS = 4096;

    // intake
    volatile long batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late;
    volatile long skewSnapped, conflicts, wrongMeter;
    // finalisation and revisions
    volatile long slotsFinalized, valuesStored, present, estimated, missing, negativeDeltas, overCapacity;
    volatile long revisedValues, revisionsIssued;
    // publishing
    volatile long filesPublished, dayFiles;
    // export values (the export index size is restored from the snapshot's index, not from the counters)
    volatile long exportPresent, exportEstimated, exportMissing, exportRevised;
    volatile int exportPoints;
    // estimation at the cut-off and operator corrections
    volatile long estimatedAtCutoff, revisedLater, corrections;
    private final Map<String, LongAdder> filesPerRetailer = new ConcurrentHashMap<>();
    private final ArrayDeque<SlotTiming> timings = new ArrayDeque<>();
    private volatile long[] lastFinalizeNanos = new long[3];

    /** Moves one value into ({@code by} = +1) or out of (−1) the count of its status. */
    void adjust(ValueStatus s, int by) {
        switch (s) {
            case PRESENT -> present += by;
            case ESTIMATED -> estimated += by;
            case MISSING -> missing += by;
        }
    }

    /** Moves one export value into ({@code by} = +1) or out of (−1) the export count of its status. */
    void adjustExport(ValueStatus s, int by) {
        switch (s) {
            case PRESENT -> exportPresent += by;
            case ESTIMATED -> exportEstimated += by;
            case MISSING -> exportMissing += by;
        }
    }

    /** Counts the export values of a slot's first issue. */
    void exportIssued(int nPresent, int nEstimated, int nMissing) {
        exportPresent += nPresent;
        exportEstimated += nEstimated;
        exportMissing += nMissing;
    }

    /** Counts a slot's first issue: {@code points} values, of which so many present, estimated and missing. */
    void slotFinalized(int points, int nPresent, int nEstimated, int nMissing) {
        slotsFinalized++;
        valuesStored += points;
        present += nPresent;
        estimated += nEstimated;
        missing += nMissing;
    }

    void filePublished(OperatorCode retailer) {
        filesPublished++;
        filesPerRetailer.computeIfAbsent(retailer.value(), x -> new LongAdder()).increment();
    }

    /** Keeps the latency record of a finalised slot (the most recent {@value #MAX_TIMINGS}). */
    void timing(SlotTiming t) {
        synchronized (timings) {
            if (timings.size() == MAX_TIMINGS) {
                timings.removeFirst();
            }
            timings.addLast(t);
        }
    }

    void lastFinalizeNanos(long compute, long store, long publish) {
        lastFinalizeNanos = new long[] {compute, store, publish};
    }

    /** See {@link SlotEngine#lastFinalizeNanos()}. */
    long[] lastFinalizeNanos() {
        return lastFinalizeNanos.clone();
    }

    EngineStats stats() {
        Map<String, Long> perRetailer = new TreeMap<>();
        filesPerRetailer.forEach((k, v) -> perRetailer.put(k, v.sum()));
        List<SlotTiming> t;
        synchronized (timings) {
            t = List.copyOf(timings);
        }
        return new EngineStats(batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late,
                slotsFinalized, valuesStored, present, estimated, missing, filesPublished, Map.copyOf(perRetailer), t,
                skewSnapped, conflicts, wrongMeter, negativeDeltas, overCapacity, revisedValues, revisionsIssued, dayFiles,
                exportPoints, exportPresent, exportEstimated, exportMissing, exportRevised, estimatedAtCutoff, revisedLater,
                corrections);
    }

    /**
     * The 29 plain counters in snapshot order (not the per-retailer counts nor the timings); version 1 had the first 22,
     * snapshots before the cut-off estimation the first 26.
     */
    long[] toArray() {
        return new long[] {batches, readings, accepted, reverse, unknownMeters, clockSkew, invalid, late, slotsFinalized,
                valuesStored, present, estimated, missing, filesPublished, skewSnapped, conflicts, wrongMeter, negativeDeltas,
                overCapacity, revisedValues, revisionsIssued, dayFiles, exportPresent, exportEstimated, exportMissing,
                exportRevised, estimatedAtCutoff, revisedLater, corrections};
    }

    /** Sets the plain counters from {@link #toArray()}'s order (22 of a version-1 snapshot: the export ones 0). */
    void restore(long[] c) {
        batches = c[0];
        readings = c[1];
        accepted = c[2];
        reverse = c[3];
        unknownMeters = c[4];
        clockSkew = c[5];
        invalid = c[6];
        late = c[7];
        slotsFinalized = c[8];
        valuesStored = c[9];
        present = c[10];
        estimated = c[11];
        missing = c[12];
        filesPublished = c[13];
        skewSnapped = c[14];
        conflicts = c[15];
        wrongMeter = c[16];
        negativeDeltas = c[17];
        overCapacity = c[18];
        revisedValues = c[19];
        revisionsIssued = c[20];
        dayFiles = c[21];
        exportPresent = c.length > 22 ? c[22] : 0;
        exportEstimated = c.length > 23 ? c[23] : 0;
        exportMissing = c.length > 24 ? c[24] : 0;
        exportRevised = c.length > 25 ? c[25] : 0;
        estimatedAtCutoff = c.length > 26 ? c[26] : 0;
        revisedLater = c.length > 27 ? c[27] : 0;
        corrections = c.length > 28 ? c[28] : 0;
    }
}
