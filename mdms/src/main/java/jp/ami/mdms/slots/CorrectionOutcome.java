package jp.ami.mdms.slots;

/**
 * What an operator correction did ({@link SlotEngine#correct}).
 *
 * @param revision      the slot's new revision number (its per-slot files of the point's retailer carry it)
 * @param beforePacked  the value as issued before ({@link jp.ami.mdms.values.Vee#pack packed})
 * @param afterPacked   the corrected value, packed (flag CORRECTED, method OPERATOR)
 * @param dayRevision   the revision of the re-issued per-day files of the slot's JST day, −1 when that day's per-day
 *                      files were not issued yet (its first issue will carry the corrected value)
 * @param files         files published: per-slot, per-day and re-issued confirmed-usage notices
 */
public record CorrectionOutcome(int revision, long beforePacked, long afterPacked, int dayRevision, int files) {
}
