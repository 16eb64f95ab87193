package jp.ami.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The meter-exchange file (計器取替): one CSV the field work (here the simulator) writes and both the head-end
 * (which meter to expect per boundary) and the MDMS (the exchange slot's energy) read.
 *
 * <pre>
 * supply_point_id,old_meter_id,old_final_register,new_meter_id,new_initial_register,exchanged_at
 * 0310111001234567890000,100,12345,200,7,2026-11-22T01:10:00+09:00
 * </pre>
 * UTF-8 (a BOM is allowed), blank lines ignored; registers are unsigned 32-bit; {@code exchanged_at} is ISO-8601
 * with an offset. A bad row raises an {@link InvalidValueException} naming its line and field.
 */
public final class MeterExchangeFile {
    public static final String HEADER =
            "supply_point_id,old_meter_id,old_final_register,new_meter_id,new_initial_register,exchanged_at";

    /** One exchange, as read from line {@code lineNo}. */
    public record Row(int lineNo, SupplyPointId point, MeterId oldMeter, long oldFinalRegister, MeterId newMeter,
                      long newInitialRegister, Instant exchangedAt) {
    }

    private MeterExchangeFile() {
    }

    public static List<Row> read(Path file) {
        List<Row> out = new ArrayList<>();
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
                int ln = lineNo;
                SupplyPointId point = field(ln, "supply_point_id", f[0], () -> SupplyPointId.of(f[0].strip()));
                MeterId oldMeter = field(ln, "old_meter_id", f[1], () -> MeterId.parse(f[1].strip()));
                MeterId newMeter = field(ln, "new_meter_id", f[3], () -> MeterId.parse(f[3].strip()));
                long oldFinal = register(ln, "old_final_register", f[2]);
                long newInitial = register(ln, "new_initial_register", f[4]);
                Instant at;
                try {
                    at = OffsetDateTime.parse(f[5].strip()).toInstant();
                } catch (DateTimeParseException e) {
                    throw new InvalidValueException("exchanges line " + ln + " exchanged_at", f[5], "must be ISO-8601 with offset");
                }
                out.add(new Row(ln, point, oldMeter, oldFinal, newMeter, newInitial, at));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read meter exchanges " + file, e);
        }
        return out;
    }

    private static <T> T field(int lineNo, String name, String raw, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValueException e) {
            String m = e.getMessage();
            String prefix = e.field() + ": \"" + e.value() + "\" ";
            throw new InvalidValueException("exchanges line " + lineNo + " " + name, raw, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
        }
    }

    private static long register(int lineNo, String name, String raw) {
        try {
            long v = Long.parseLong(raw.strip());
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidValueException("exchanges line " + lineNo + " " + name, raw, "must be an unsigned 32-bit integer");
        }
    }
}
