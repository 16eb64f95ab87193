package jp.ami.mdms.slots;

import java.time.Instant;

/**
 * What finalising one slot produced.
 *
 * @param slotIndex   the slot
 * @param points      rows written (one per registered supply point)
 * @param present     values with both boundary readings
 * @param estimated   estimated values (VEE, later)
 * @param missing     values without a value
 * @param files       files published (one per retailer with points in the slot)
 * @param finalizedAt when finalising started, on the engine's clock
 * @param publishedAt when the last file was published (equal to {@code finalizedAt} when no file)
 */
public record SlotStats(long slotIndex, int points, int present, int estimated, int missing, int files,
                        Instant finalizedAt, Instant publishedAt) {
}
