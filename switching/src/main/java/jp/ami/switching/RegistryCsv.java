package jp.ami.switching;

import java.nio.file.Path;
import java.util.List;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.csv.CsvTable;

/**
 * Loads the supply points of a master-data CSV ({@code supply_point_id,meter_id,retailer,contract_amperes}, the
 * MDMS's format) into a {@link SupplyRegistry}, in file order — for running the switching service on its own.
 * Read by {@link CsvTable} (quoted fields, a BOM and blank lines allowed); only the point and retailer columns are
 * read, the MDMS validates the rest. A bad header or value raises an
 * {@link jp.ami.model.InvalidValueException} naming the line and the column, e.g.
 * {@code master data line 3 supply_point_id}.
 */
public final class RegistryCsv {
    private static final String WHAT = "master data";
    private static final List<String> COLUMNS = List.of("supply_point_id", "retailer");

    private RegistryCsv() {
    }

    public static SupplyRegistry load(Path file) {
        SupplyRegistry r = new SupplyRegistry();
        for (CsvTable.Row row : CsvTable.read(file, WHAT, COLUMNS)) {
            r.register(row.parse("supply_point_id", SupplyPointId::of), row.parse("retailer", OperatorCode::of));
        }
        return r;
    }
}
