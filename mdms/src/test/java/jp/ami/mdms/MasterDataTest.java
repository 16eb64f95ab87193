package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.ami.mdms.master.MasterData;
import jp.ami.model.InvalidValueException;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterDataTest {
    @TempDir
    Path dir;

    @Test
    void loads_meter_exchanges_and_maps_both_meters_to_the_point_by_slot() throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "supply_point_id,meter_id,retailer,contract_amperes\n0310111001234567890000,100,R0013,30\n", StandardCharsets.UTF_8);
        Path x = dir.resolve("x.csv");
        Files.writeString(x, MasterData.EXCHANGES_HEADER + "\n0310111001234567890000,100,12345,200,7,2026-11-22T01:10:00+09:00\n",
                StandardCharsets.UTF_8);
        MasterData m = MasterData.load(f);
        m.loadExchanges(x);
        long slot2 = jp.ami.model.Slots.index(java.time.LocalDate.of(2026, 11, 22), 3); // 01:00–01:30 contains 01:10
        var ex = m.exchange(0);
        assertThat(ex.slot()).isEqualTo(slot2);
        assertThat(ex.oldFinal()).isEqualTo(12345);
        assertThat(ex.newInitial()).isEqualTo(7);
        assertThat(m.pointOfMeter(100)).isZero();
        assertThat(m.pointOfMeter(200)).isZero();
        assertThat(m.meterAt(0, slot2 - 1)).isEqualTo(100);
        assertThat(m.meterAt(0, slot2)).isEqualTo(200);
        assertThat(m.meterOfPoint(0)).isEqualTo(200);

        Files.writeString(x, MasterData.EXCHANGES_HEADER + "\n0310111001234567890000,999,1,300,0,2026-11-22T01:10:00+09:00\n");
        assertThatThrownBy(() -> MasterData.load(f).loadExchanges(x)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("old_meter_id");
        Files.writeString(x, MasterData.EXCHANGES_HEADER + "\n0310111001234567890000,100,1,300,0,yesterday\n");
        assertThatThrownBy(() -> MasterData.load(f).loadExchanges(x)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("exchanges line 2 exchanged_at");
    }

    @Test
    void loads_rows_in_file_order_into_the_registry_and_the_meter_map() throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "\uFEFFsupply_point_id,meter_id,retailer,contract_amperes\n"
                + "0310111001234567890100,200,R0002,40\n"
                + "\n"
                + "0310111001234567890000,100,R0013,30\n", StandardCharsets.UTF_8);
        MasterData m = MasterData.load(f);
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.registry().pointAt(0)).isEqualTo(SupplyPointId.of("0310111001234567890100"));
        assertThat(m.pointOfMeter(100)).isEqualTo(1);
        assertThat(m.pointOfMeter(200)).isEqualTo(0);
        assertThat(m.pointOfMeter(300)).isEqualTo(-1);
        assertThat(m.meterOfPoint(1)).isEqualTo(100);
        assertThat(m.contractAmperes(0)).isEqualTo(40);
        assertThat(m.registry().retailerAt(1, 0).value()).isEqualTo("R0013");
    }

    @Test
    void bad_rows_name_the_line_the_field_and_the_value() {
        String h = MasterData.HEADER + "\n";
        assertThatThrownBy(() -> read(h + "0310111001234567890000,abc,R0013,30\n"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("line 2 meter_id").hasMessageContaining("\"abc\"");
        assertThatThrownBy(() -> read(h + "0310111001234567890000,1,R0013,30\n031011,2,R0013,30\n"))
                .hasMessageContaining("line 3 supply_point_id").hasMessageContaining("\"031011\"");
        assertThatThrownBy(() -> read(h + "0310111001234567890000,1,r13,30\n"))
                .hasMessageContaining("line 2 retailer").hasMessageContaining("\"r13\"");
        assertThatThrownBy(() -> read(h + "0310111001234567890000,1,R0013,-5\n"))
                .hasMessageContaining("line 2 contract_amperes");
        assertThatThrownBy(() -> read(h + "0310111001234567890000,1,R0013\n"))
                .hasMessageContaining("line 2").hasMessageContaining("(has 3)");
        assertThatThrownBy(() -> read(h + "0310111001234567890000,1,R0013,30,x\n"))
                .hasMessageContaining("line 2").hasMessageContaining("5 fields");
        assertThatThrownBy(() -> read(h + "0310111001234567890000,1,\"R0013,30\n")) // the open quote runs to the end
                .hasMessageContaining("master data line").hasMessageContaining("not well-formed CSV");
        assertThatThrownBy(() -> read(h + "0310111001234567890000,1,R0013,30\n0310111001234567890001,1,R0013,30\n"))
                .hasMessageContaining("line 3 meter_id").hasMessageContaining("already assigned");
        assertThatThrownBy(() -> read("meter,point\n")).hasMessageContaining("line 1 header");
    }

    @Test
    void reads_quoted_fields_and_crlf_line_ends() throws Exception {
        MasterData m = read(MasterData.HEADER + "\r\n\"0310111001234567890000\",\"100\",R0013, 30\r\n");
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.pointOfMeter(100)).isZero();
        assertThat(m.contractAmperes(0)).isEqualTo(30);
    }

    private static MasterData read(String csv) throws Exception {
        return MasterData.read(new StringReader(csv), new SupplyRegistry());
    }

    @Test
    void finds_every_meter_after_the_index_grows_and_an_exchanged_points_new_meter() throws Exception {
        MasterData m = MasterData.empty(new SupplyRegistry());
        for (int i = 0; i < 100_000; i++) {
            m.add(jp.ami.model.SupplyPointId.of(String.format("03%020d", i + 1)), jp.ami.model.MeterId.of(1_000_000_001L + i * 7919L),
                    jp.ami.model.OperatorCode.of("R0001"), 30 + i % 4 * 10);
        }
        for (int i = 0; i < 100_000; i++) {
            assertThat(m.pointOfMeter(1_000_000_001L + i * 7919L)).isEqualTo(i);
            assertThat(m.contractAmperes(i)).isEqualTo(30 + i % 4 * 10);
        }
        assertThat(m.pointOfMeter(5)).isEqualTo(-1);
        m.addExchange(jp.ami.model.SupplyPointId.of(String.format("03%020d", 8)), jp.ami.model.MeterId.of(1_000_000_001L + 7 * 7919L), 500,
                jp.ami.model.MeterId.of(42), 0, java.time.Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(m.pointOfMeter(42)).isEqualTo(7);
        assertThat(m.pointOfMeter(1_000_000_001L + 7 * 7919L)).isEqualTo(7); // the old meter's late readings still find the point
        assertThat(m.meterOfPoint(7)).isEqualTo(42);
    }

    @Test
    void meters_in_registration_order_need_no_index_and_one_out_of_order_meter_builds_it_without_losing_any() {
        MasterData m = MasterData.empty(new SupplyRegistry());
        jp.ami.model.OperatorCode r = jp.ami.model.OperatorCode.of("R0001");
        for (int i = 0; i < 1000; i++) { // dense: meter = first + point index
            m.add(SupplyPointId.of(String.format("03%020d", i + 1)), jp.ami.model.MeterId.of(5_000_000L + i), r, 30);
        }
        assertThat(m.pointOfMeter(5_000_000L)).isZero();
        assertThat(m.pointOfMeter(5_000_999L)).isEqualTo(999);
        assertThat(m.pointOfMeter(4_999_999L)).isEqualTo(-1);
        assertThat(m.pointOfMeter(5_001_000L)).isEqualTo(-1);
        assertThatThrownBy(() -> m.add(SupplyPointId.of(String.format("03%020d", 5000)), jp.ami.model.MeterId.of(5_000_500L), r, 30))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("meter_id");
        // a meter out of sequence: from now on the hash index answers, for the old points too
        m.add(SupplyPointId.of(String.format("03%020d", 9001)), jp.ami.model.MeterId.of(77L), r, 30);
        for (int i = 0; i < 2000; i++) {
            m.add(SupplyPointId.of(String.format("03%020d", 10_000 + i)), jp.ami.model.MeterId.of(9_000_000L + 13L * i), r, 30);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(m.pointOfMeter(5_000_000L + i)).isEqualTo(i);
        }
        assertThat(m.pointOfMeter(77L)).isEqualTo(1000);
        for (int i = 0; i < 2000; i++) {
            assertThat(m.pointOfMeter(9_000_000L + 13L * i)).isEqualTo(1001 + i);
        }
        assertThat(m.pointOfMeter(5_001_000L)).isEqualTo(-1);
    }
}
