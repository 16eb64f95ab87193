package jp.ami.switching;

import java.nio.file.Path;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;
import jp.ami.model.csv.CsvTable;

/**
 * Loads the supply points of a master-data CSV ({@code supply_point_id,meter_id,retailer,contract_amperes}, the
 * MDMS's format, plus an optional {@code reading_group}) into a {@link SupplyRegistry}, in file order — for running
 * the switching service on its own. Read by {@link CsvTable} (quoted fields, a BOM and blank lines allowed); the
 * point and retailer columns are required, {@code reading_group} (a group of the calendar; absent or blank: the
 * point's default group {@link ReadingCalendar#groupOf}) and {@code contract_amperes} (for IF_10110) are read when
 * present, and so are {@code meter_id} (when it is a meter ID: the MDMS refuses other values) and an optional {@code comm_path} ({@code wisun}/{@code plc}/{@code relay}, not
 * in the MDMS's format) for IF_10110; the MDMS validates the rest. A bad header or value raises an {@link InvalidValueException} naming the line
 * and the column, e.g. {@code master data line 3 supply_point_id}.
 */
public final class RegistryCsv {
    private static final String WHAT = "master data";
    private static final List<String> COLUMNS = List.of("supply_point_id", "retailer");

    /** The registry and what else the file said of its points. */
    public record Loaded(SupplyRegistry registry, SupplyPointDetails details) {
    }

    private RegistryCsv() {
    }

    /** The registry of {@code file}, reading groups checked against the standard calendar. */
    public static SupplyRegistry load(Path file) {
        return read(file, ReadingCalendar.standard()).registry();
    }

    /** The registry and the points' reading groups (checked against {@code calendar}) and contract amperes. */
    public static Loaded read(Path file, ReadingCalendar calendar) {
        SupplyRegistry r = new SupplyRegistry();
        SupplyPointDetails details = SupplyPointDetails.defaults();
        for (CsvTable.Row row : CsvTable.read(file, WHAT, COLUMNS)) {
            int index = r.register(row.parse("supply_point_id", SupplyPointId::of), row.parse("retailer", OperatorCode::of));
            if (row.header().contains("reading_group") && !row.get("reading_group").isEmpty()) {
                details.readingGroup(index, row.parse("reading_group", g -> groupOf(calendar, g)));
            }
            if (row.header().contains("contract_amperes") && !row.get("contract_amperes").isEmpty()) {
                details.contractAmperes(index, row.parse("contract_amperes", RegistryCsv::amperes));
            }
            if (row.header().contains("meter_id") && row.get("meter_id").matches("[1-9]\\d{0,17}")) {
                details.meterId(index, MeterId.parse(row.get("meter_id"))); // others: the MDMS refuses them, not answered here
            }
            if (row.header().contains("comm_path") && !row.get("comm_path").isEmpty()) {
                details.commPath(index, row.parse("comm_path", RegistryCsv::commPath));
            }
        }
        return new Loaded(r, details);
    }

    private static int groupOf(ReadingCalendar calendar, String text) {
        int g = ReadingCalendar.parseGroup(text);
        if (!calendar.hasGroup(g)) {
            throw new InvalidValueException("reading_group", text, "is not a reading group of the calendar (groups "
                    + calendar.groups().get(0) + "–" + calendar.groups().get(calendar.groupCount() - 1) + ")");
        }
        return g;
    }

    private static CommPath commPath(String text) {
        for (CommPath p : CommPath.values()) {
            if (p.key().equals(text)) {
                return p;
            }
        }
        throw new InvalidValueException("comm_path", text, "must be wisun, plc or relay");
    }

    private static int amperes(String text) {
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("contract_amperes", text, "must be a whole number 0–" + Short.MAX_VALUE);
        }
        return Integer.parseInt(text);
    }
}
