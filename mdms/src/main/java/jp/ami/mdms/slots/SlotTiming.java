package jp.ami.mdms.slots;

import java.time.Instant;

/**
 * Latency record of one finalised slot.
 *
 * @param slotIndex       the slot
 * @param slotEnd         the slot's end
 * @param finalizedAt     when the engine started finalising it (clock)
 * @param filePublishedAt when its last file was published (clock)
 */
public record SlotTiming(long slotIndex, Instant slotEnd, Instant finalizedAt, Instant filePublishedAt) {
}
