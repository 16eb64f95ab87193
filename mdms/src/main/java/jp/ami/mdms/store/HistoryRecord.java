package jp.ami.mdms.store;

/**
 * One row of the value history ({@link HistoryTable}): one revision of one point's 30-minute value with its rule and
 * provenance. Nullable fields are null where the table holds NULL (missing value, no PV, unknown source, no
 * correction).
 *
 * @param slotEndEpochSecond slot end, epoch seconds
 * @param supplyPointId      22-digit supply point ID
 * @param meterId            the meter installed for the slot, or null
 * @param revision           0 first issue, then the revision that changed the value
 * @param valueUnits         0.0001 kWh, null when missing
 * @param status             configured status code
 * @param flags              {@link jp.ami.mdms.values.Vee} flag bits
 * @param rule               {@link jp.ami.mdms.values.Vee.Method} name
 * @param sourcePath         {@link jp.ami.model.CommPath#key()} of the closing reading, or null
 * @param sourceId           concentrator / border router / relay ID, or null
 * @param frameCounter       envelope frame counter of the closing reading, or null
 * @param journalIndex       Chronicle index of the journal document holding the closing reading, or null
 * @param correctionId       operator correction ID, or null
 * @param operator           operator who corrected the value, or null
 * @param reason             reason of the correction, or null
 */
public record HistoryRecord(long slotEndEpochSecond, String supplyPointId, Long meterId, int revision, Long valueUnits,
                            String status, int flags, String rule, String sourcePath, Long sourceId,
                            Long frameCounter, Long journalIndex, Long correctionId, String operator,
                            String reason) {
    /** This row with {@code frameCounter} (resolved from the journal, see {@link JournalFrameCounters}). */
    public HistoryRecord withFrameCounter(Long frameCounter) {
        return new HistoryRecord(slotEndEpochSecond, supplyPointId, meterId, revision, valueUnits, status, flags, rule,
                sourcePath, sourceId, frameCounter, journalIndex, correctionId, operator, reason);
    }
}
