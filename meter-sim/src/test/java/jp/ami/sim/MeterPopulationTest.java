package jp.ami.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.model.EnergyUnit;
import jp.ami.model.Registers;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterPopulationTest {
    @Test
    void path_mix_is_about_85_10_5_and_sources_are_sized_per_path() {
        MeterPopulation p = new MeterPopulation(SimConfig.defaults(20_000));
        int[] perPath = new int[4];
        for (int i = 0; i < p.size(); i++) {
            perPath[p.pathCode(i)]++;
        }
        assertThat(perPath[CommPath.WISUN.code()]).isBetween(16_600, 17_400);
        assertThat(perPath[CommPath.RELAY.code()]).isBetween(1_700, 2_300);
        assertThat(perPath[CommPath.PLC.code()]).isBetween(800, 1_200);
        assertThat(p.sourceCount(CommPath.WISUN)).isEqualTo((perPath[1] + 499) / 500);
        assertThat(p.sourceCount(CommPath.PLC)).isEqualTo((perPath[2] + 99) / 100);
    }

    @Test
    void same_seed_gives_the_same_population() {
        MeterPopulation a = new MeterPopulation(SimConfig.defaults(1000));
        MeterPopulation b = new MeterPopulation(SimConfig.defaults(1000));
        for (int i = 0; i < 1000; i++) {
            assertThat(a.register(i)).isEqualTo(b.register(i));
            assertThat(a.unitCode(i)).isEqualTo(b.unitCode(i));
            assertThat(a.retailer(i)).isEqualTo(b.retailer(i));
            assertThat(a.source(i)).isEqualTo(b.source(i));
        }
        assertThat(a.supplyPoint(0).value()).isEqualTo("0300000000000000000001");
        assertThat(a.supplyPoint(999).value()).isEqualTo("0300000000000000001000");
    }

    @Test
    void register_advance_times_unit_and_coefficient_never_exceeds_true_energy_by_a_step() {
        MeterPopulation p = new MeterPopulation(SimConfig.defaults(500));
        LoadProfile profile = new LoadProfile(1);
        long slot = Slots.index(java.time.LocalDate.of(2026, 11, 22), 1);
        long[] start = new long[p.size()];
        for (int i = 0; i < p.size(); i++) {
            start[i] = p.register(i);
        }
        long[] used = new long[p.size()];
        for (int s = 0; s < 48; s++) {
            for (int i = 0; i < p.size(); i++) {
                long u = profile.slotUnits(i, slot + s);
                assertThat(u).isPositive();
                used[i] += u;
                p.addEnergy(i, u);
            }
        }
        for (int i = 0; i < p.size(); i++) {
            long billed = EnergyUnit.ofCode(p.unitCode(i)).toUnits(Registers.delta(start[i], p.register(i), p.digits(i)), p.coefficient(i));
            long step = EnergyUnit.ofCode(p.unitCode(i)).toUnits(1, p.coefficient(i));
            assertThat(billed).isLessThanOrEqualTo(used[i]).isGreaterThan(used[i] - step);
        }
    }

    @Test
    void master_data_lists_every_meter(@TempDir Path dir) throws Exception {
        MeterPopulation p = new MeterPopulation(SimConfig.defaults(10));
        Path f = dir.resolve("master.csv");
        p.writeMasterData(f);
        List<String> lines = Files.readAllLines(f);
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("supply_point_id,meter_id,retailer,contract_amperes");
        assertThat(lines.get(1)).startsWith("0300000000000000000001,1000000001,R000");
    }
}
