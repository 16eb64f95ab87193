package jp.ami.hes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.MeterExchangeFile;
import jp.ami.model.Slots;

/**
 * A meter exchange (計器取替) as the head-end needs it: which meter it expects a reading from for each slot
 * boundary. The reading closing a slot before {@code slotIndex} comes from {@code oldMeter}, the reading closing
 * {@code slotIndex} (the slot containing the exchange) and every later one from {@code newMeter} — the same split
 * as the MDMS's. The new meter becomes a known meter (frames accepted, key derived from the master key); the old
 * one stays known (a late answer for one of its boundaries is still authentic).
 *
 * @param oldMeter  meter removed
 * @param newMeter  meter installed
 * @param slotIndex slot containing the exchange time
 */
public record MeterExchange(long oldMeter, long newMeter, long slotIndex) {
    /** The meter-exchange CSV header ({@link MeterExchangeFile}, which the MDMS reads too). */
    public static final String HEADER = MeterExchangeFile.HEADER;

    public MeterExchange {
        if (oldMeter < 1 || newMeter < 1 || oldMeter == newMeter) {
            throw new InvalidValueException("meterExchange", oldMeter + "→" + newMeter, "must name two different positive meter IDs");
        }
    }

    /** The meter that reads the boundary closing {@code closedSlot}. */
    public long meterAt(long closedSlot) {
        return closedSlot < slotIndex ? oldMeter : newMeter;
    }

    /**
     * Reads the meter-exchange file the MDMS reads too ({@link MeterExchangeFile}; the head-end uses the meter IDs
     * and {@code exchanged_at} only). A bad row raises an {@link InvalidValueException} naming its line.
     */
    public static List<MeterExchange> load(Path file) {
        List<MeterExchange> out = new ArrayList<>();
        for (MeterExchangeFile.Row x : MeterExchangeFile.read(file)) {
            out.add(new MeterExchange(x.oldMeter().value(), x.newMeter().value(), Slots.containing(x.exchangedAt().getEpochSecond())));
        }
        return out;
    }
}
