package jp.ami.mdms.correction;

import java.time.Instant;
import jp.ami.mdms.values.ValueStatus;

/**
 * One operator correction as it is kept in the {@link CorrectionLog} (the audit trail) and replayed after a restart:
 * supply point {@code supplyPoint}'s value in slot {@code slotIndex} ({@code jp.ami.model.Slots} index) set to
 * {@code units} (0.0001 kWh) with status {@code status}, by {@code operator} for {@code reason}, accepted at {@code at} (ISO-8601 UTC)
 * (also the created-at of the files it re-issues and the written-at of its rows).
 *
 * @param id       sequence number, 1, 2, … in log order
 * @param before   the value as issued before, in 0.0001 kWh (null when it was missing)
 * @param revision the slot revision the correction was issued as
 */
public record Correction(long id, String supplyPoint, long slotIndex, long units, ValueStatus status, String operator,
                         String reason, String at, Long before, int revision) {
    /** {@code at} as an instant (ISO-8601, UTC, as {@link Instant#toString()} writes it). */
    public Instant instant() {
        return Instant.parse(at);
    }
}
