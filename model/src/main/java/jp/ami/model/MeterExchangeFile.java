package jp.ami.model;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import jp.ami.model.csv.CsvTable;

/**
 * The meter-exchange file (計器取替): one CSV the field work (here the simulator) writes and both the head-end
 * (which meter to expect per boundary) and the MDMS (the exchange slot's energy) read.
 *
 * <pre>
 * supply_point_id,old_meter_id,old_final_register,new_meter_id,new_initial_register,exchanged_at
 * 0310111001234567890000,100,12345,200,7,2026-11-22T01:10:00+09:00
 * </pre>
 * Read by {@link CsvTable} (UTF-8, a BOM and blank lines allowed, quoted fields); registers are unsigned 32-bit;
 * {@code exchanged_at} is ISO-8601 with an offset. A bad row raises an {@link InvalidValueException} naming its line
 * and field.
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

    /** The columns, in the order {@link #HEADER} writes them. */
    public static final List<String> COLUMNS = List.of(HEADER.split(","));

    public static List<Row> read(Path file) {
        return rows(CsvTable.read(file, "exchanges", COLUMNS));
    }

    /** Reads CSV text in the file's format (for tools that hold it in memory, e.g. the fuzzer). */
    public static List<Row> read(java.io.Reader in) throws java.io.IOException {
        return rows(CsvTable.read(in, "exchanges", COLUMNS));
    }

    private static List<Row> rows(List<CsvTable.Row> rows) {
        List<Row> out = new ArrayList<>();
        for (CsvTable.Row r : rows) {
            SupplyPointId point = r.parse("supply_point_id", SupplyPointId::of);
            MeterId oldMeter = r.parse("old_meter_id", MeterId::parse);
            MeterId newMeter = r.parse("new_meter_id", MeterId::parse);
            long oldFinal = r.parse("old_final_register", MeterExchangeFile::register);
            long newInitial = r.parse("new_initial_register", MeterExchangeFile::register);
            Instant at = r.parse("exchanged_at", MeterExchangeFile::instant);
            out.add(new Row((int) r.line(), point, oldMeter, oldFinal, newMeter, newInitial, at));
        }
        return out;
    }

    private static long register(String raw) {
        try {
            long v = Long.parseLong(raw);
            if (v >= 0 && v <= 0xFFFF_FFFFL) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be an unsigned 32-bit integer");
    }

    private static Instant instant(String raw) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be ISO-8601 with offset");
        }
    }
}
