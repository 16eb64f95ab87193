package jp.ami.mdms.slots;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of the slot engine's counters.
 *
 * @param batches          journal documents consumed
 * @param readings         reading records seen (all directions)
 * @param accepted         normal-direction readings recorded into a boundary
 * @param reverseReadings  reverse-direction (export, EPC 0xEB) readings seen, accepted or not
 * @param unknownMeters    readings from a meter not in the master data
 * @param clockSkewRejects readings not stamped on a slot boundary
 * @param invalidReadings  readings with an undefined unit code, bad digits, coefficient or register
 * @param lateReadings     readings for a slot already finalised (recorded only if the boundary is still needed)
 * @param slotsFinalized   slots finalised
 * @param valuesStored     rows written to the value store
 * @param present          values with status present
 * @param estimated        values with status estimated
 * @param missing          values with status missing
 * @param filesPublished   files published, all retailers
 * @param filesPerRetailer files published per retailer code
 * @param slotTimings      latency records of the most recent finalised slots (oldest first)
 * @param skewSnapped      readings stamped off a boundary within the tolerance, snapped (values flagged CLOCK_SKEW)
 * @param conflicts        duplicate readings with a different register (first kept, values flagged)
 * @param wrongMeter       readings of an exchanged meter for a boundary on the other meter's side
 * @param negativeDeltas   values flagged NEGATIVE at first issue (delivered missing)
 * @param overCapacity     values flagged OVER_CAPACITY at first issue (delivered missing)
 * @param revisedValues    values changed by a revision
 * @param revisionsIssued  slot revisions issued (each re-issues that slot's files of the affected retailers)
 * @param dayFiles         per-day files published (first issues and re-issues)
 * @param exportPoints     supply points that carry export values (sent a reverse reading that was accepted)
 * @param exportPresent    export values with status present
 * @param exportEstimated  export values with status estimated
 * @param exportMissing    export values with status missing
 * @param exportRevised    export values changed by a revision
 * @param estimatedAtCutoff values (import and export) first issued as cut-off estimates (flag CUTOFF: the closing
 *                          reading still missing at the cut-off)
 * @param revisedLater      cut-off estimates later replaced by a higher revision (real data arrived)
 * @param corrections       operator corrections applied
 * <p>{@code present}, {@code estimated} and {@code missing} count the CURRENT status of every value issued
 * (a revision moves a value from one count to another); they sum to {@code valuesStored}. The export counts likewise
 * for the export values issued (one per PV point and slot from its first export slot on).
 */
public record EngineStats(long batches, long readings, long accepted, long reverseReadings, long unknownMeters,
                          long clockSkewRejects, long invalidReadings, long lateReadings, long slotsFinalized,
                          long valuesStored, long present, long estimated, long missing, long filesPublished,
                          Map<String, Long> filesPerRetailer, List<SlotTiming> slotTimings,
                          long skewSnapped, long conflicts, long wrongMeter, long negativeDeltas, long overCapacity,
                          long revisedValues, long revisionsIssued, long dayFiles,
                          long exportPoints, long exportPresent, long exportEstimated, long exportMissing,
                          long exportRevised, long estimatedAtCutoff, long revisedLater, long corrections) {
}
