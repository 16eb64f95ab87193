package jp.ami.switching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ami.model.InvalidValueException;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SwitchingCommandTest {
    @TempDir
    Path dir;

    @Test
    void help_names_the_command_and_its_options() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new SwitchingCommand());
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        assertThat(cl.getCommandName()).isEqualTo("switching");
        assertThat(out.toString()).contains("--matching-minutes").contains("--deadline-hours").contains("--master-data").contains("--port")
                .contains("--reading-groups");
    }

    @Test
    void registry_csv_loads_points_in_file_order_and_names_bad_values() throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "supply_point_id,meter_id,retailer,contract_amperes\n"
                + Fixture.X + ",M1,A0001,30\n" + Fixture.Y + ",M2,B0002,40\n");
        SupplyRegistry r = RegistryCsv.load(f);
        assertThat(r.indexOf(Fixture.Y)).isEqualTo(1);
        assertThat(r.retailerAt(1, 0)).isEqualTo(Fixture.B);
        Files.writeString(f, "supply_point_id,meter_id,retailer,contract_amperes\n123,M1,A0001,30\n");
        assertThatThrownBy(() -> RegistryCsv.load(f)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("line 2 supply_point_id").hasMessageContaining("123");
        // quoted fields (a comma inside a field of a column not read here) and the retailer named by line and column
        Files.writeString(f, "supply_point_id,meter_id,retailer,contract_amperes\n\"" + Fixture.X + "\",\"M,1\",A0001,30\n"
                + Fixture.Y + ",M2,b0002,40\n");
        assertThatThrownBy(() -> RegistryCsv.load(f)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("line 3 retailer").hasMessageContaining("b0002");
        Files.writeString(f, "supply_point_id,meter_id,contract_amperes\n" + Fixture.X + ",M1,30\n");
        assertThatThrownBy(() -> RegistryCsv.load(f)).isInstanceOf(InvalidValueException.class).hasMessageContaining("line 1 header");
    }
}
