package jp.ami.switching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;

/**
 * Loads the supply points of a master-data CSV ({@code supply_point_id,meter_id,retailer,contract_amperes}, the
 * MDMS's format) into a {@link SupplyRegistry}, in file order — for running the switching service on its own.
 * Only the point and retailer columns are read; the MDMS validates the rest.
 */
public final class RegistryCsv {
    private RegistryCsv() {
    }

    public static SupplyRegistry load(Path file) {
        SupplyRegistry r = new SupplyRegistry();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.replace("\uFEFF", "").strip().startsWith("supply_point_id,")) {
                throw new InvalidValueException("line 1 header", header, "must be supply_point_id,meter_id,retailer,contract_amperes");
            }
            String line;
            int n = 1;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 3) {
                    throw new InvalidValueException("line " + n, line, "must have 4 comma-separated fields");
                }
                r.register(SupplyPointId.of(f[0].strip()), OperatorCode.of(f[2].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }
}
