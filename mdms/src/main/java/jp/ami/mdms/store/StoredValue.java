package jp.ami.mdms.store;

/**
 * One stored 30-minute value as read back.
 *
 * @param supplyPointId the 22-digit supply point ID
 * @param valueUnits    value in 0.0001 kWh, or {@code null} when the value is missing
 * @param status        the configured status code ("0" present, "9" missing, … )
 * @param revision      0 for the first issue
 * @param meterId       the meter that measured it
 */
public record StoredValue(String supplyPointId, Long valueUnits, String status, int revision, long meterId) {
}
