package jp.ami.hes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.MeterId;
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
    /** The meter-exchange CSV header, shared with the MDMS ({@code MasterData#loadExchanges}). */
    public static final String HEADER =
            "supply_point_id,old_meter_id,old_final_register,new_meter_id,new_initial_register,exchanged_at";

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
     * Reads the meter-exchange CSV the MDMS reads too ({@link #HEADER}; the head-end uses the meter IDs and
     * {@code exchanged_at} only). Blank lines are ignored; a bad row raises an {@link InvalidValueException}
     * naming its line.
     */
    public static List<MeterExchange> load(Path file) {
        List<MeterExchange> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header != null && !header.isEmpty() && header.charAt(0) == '\uFEFF') {
                header = header.substring(1);
            }
            if (header == null || !HEADER.equals(header.strip())) {
                throw new InvalidValueException("exchanges line 1 header", header, "must be " + HEADER);
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 6) {
                    throw new InvalidValueException("exchanges line " + lineNo, line, "must have 6 comma-separated fields");
                }
                try {
                    long oldMeter = MeterId.parse(f[1].strip()).value();
                    long newMeter = MeterId.parse(f[3].strip()).value();
                    long at = OffsetDateTime.parse(f[5].strip()).toEpochSecond();
                    out.add(new MeterExchange(oldMeter, newMeter, Slots.containing(at)));
                } catch (InvalidValueException | DateTimeParseException e) {
                    throw new InvalidValueException("exchanges line " + lineNo, line, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read meter exchanges " + file, e);
        }
        return out;
    }
}
