package jp.ami.bench.e2e.peer;

import java.nio.file.Path;
import jp.ami.model.Slots;

/**
 * Files every peer reads.
 *
 * <ul>
 *   <li>{@code masterCsv}: header {@code supply_point_id,meter_id,retailer,contract_amperes}, one line per supply point.</li>
 *   <li>{@code readingsCsv}: header {@code meter_id,boundary_epoch_second,register,coefficient,digits,unit_code}, one
 *       line per (meter, 30-minute boundary), not sorted by meter; {@code unit_code} is the 0xE1 code written in
 *       decimal (0, 1, 2, 3, 4, 10, 11, 12, 13).</li>
 * </ul>
 * Values are wanted for slots {@code firstSlotIndex..lastSlotIndex} (slot k ends at (k+1)*1800).
 */
public record PeerInput(Path masterCsv, Path readingsCsv, long firstSlotIndex, long lastSlotIndex) {
    /** End of the first slot wanted (epoch second): the earliest slot end a value may have. */
    public long firstSlotEnd() {
        return Slots.endEpochSecond(firstSlotIndex);
    }

    /** End of the last slot wanted (epoch second). */
    public long lastSlotEnd() {
        return Slots.endEpochSecond(lastSlotIndex);
    }
}
