package jp.ami.mdms.store;

/**
 * One stored 30-minute value as read back.
 *
 * @param supplyPointId the 22-digit supply point ID
 * @param valueUnits    value in 0.0001 kWh, or {@code null} when the value is missing
 * @param status        the configured status code ("0" present, "9" missing, … )
 * @param revision      0 for the first issue
 * @param meterId       the meter that measured it
 * @param exportUnits   export (reverse-direction, PV) value in 0.0001 kWh, or {@code null} when the point has no
 *                      export value in the slot or it is missing
 * @param exportStatus  the export value's status code, or {@code null} when the point has no export value (no PV)
 */
public record StoredValue(String supplyPointId, Long valueUnits, String status, int revision, long meterId, Long exportUnits,
                          String exportStatus) {
    /** A value of a point without an export value. */
    public StoredValue(String supplyPointId, Long valueUnits, String status, int revision, long meterId) {
        this(supplyPointId, valueUnits, status, revision, meterId, null, null);
    }
}
