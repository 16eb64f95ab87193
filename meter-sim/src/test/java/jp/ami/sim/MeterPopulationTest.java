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
        // sources vary in size: Wi-SUN 500–1,000, PLC 50–200 (the last of each path may be partly filled)
        for (CommPath path : CommPath.values()) {
            int[] size = new int[p.sourceCount(path) + 1];
            for (int i = 0; i < p.size(); i++) {
                if (p.path(i) == path) {
                    size[p.source(i)]++;
                }
            }
            int lo = MeterPopulation.minPerSource(p.config(), path);
            int hi = MeterPopulation.maxPerSource(p.config(), path);
            for (int s = 1; s < size.length - 1; s++) {
                assertThat(size[s]).as("%s source %d", path, s).isBetween(lo, hi);
            }
            assertThat(size[size.length - 1]).isBetween(1, hi);
        }
        assertThat(MeterPopulation.minPerSource(p.config(), CommPath.WISUN)).isEqualTo(500);
        assertThat(MeterPopulation.maxPerSource(p.config(), CommPath.WISUN)).isEqualTo(1000);
        assertThat(MeterPopulation.minPerSource(p.config(), CommPath.PLC)).isEqualTo(50);
        assertThat(MeterPopulation.maxPerSource(p.config(), CommPath.PLC)).isEqualTo(200);
    }

    @Test
    void some_meters_have_pv_and_export_only_by_day_and_some_registers_wrap() {
        assertThat(new MeterPopulation(SimConfig.defaults(100)).pvWatts(0)).isZero();
        MeterPopulation p = new MeterPopulation(SimConfig.defaults(20_000).withPvShare(SimConfig.TYPICAL_PV_SHARE));
        LoadProfile profile = new LoadProfile(p.config().seed(), p);
        int pv = 0;
        for (int i = 0; i < p.size(); i++) {
            if (p.pvWatts(i) > 0) {
                pv++;
            }
        }
        assertThat(pv).isBetween(1_000, 2_000); // 5–10 %
        long noon = Slots.index(java.time.LocalDate.of(2026, 5, 10), 25);
        long night = Slots.index(java.time.LocalDate.of(2026, 5, 10), 3);
        long exportNoon = 0;
        for (int i = 0; i < p.size(); i++) {
            assertThat(profile.exportUnits(i, night)).isZero();
            if (p.pvWatts(i) == 0) {
                assertThat(profile.exportUnits(i, noon)).isZero();
            }
            exportNoon += profile.exportUnits(i, noon);
            assertThat(profile.slotUnits(i, noon)).isLessThanOrEqualTo(p.slotCapacityUnits(i));
            assertThat(profile.importUnits(i, noon) + Math.min(profile.slotUnits(i, noon), profile.pvUnits(i, noon)))
                    .isEqualTo(profile.slotUnits(i, noon));
        }
        assertThat(exportNoon).isPositive();
        // winter evenings draw more than May evenings
        long jan = Slots.index(java.time.LocalDate.of(2026, 1, 14), 38);
        long may = Slots.index(java.time.LocalDate.of(2026, 5, 13), 38);
        long sumJan = 0;
        long sumMay = 0;
        int wrapping = 0;
        for (int i = 0; i < p.size(); i++) {
            sumJan += profile.slotUnits(i, jan);
            sumMay += profile.slotUnits(i, may);
            long before = p.register(i);
            p.addEnergy(i, 8 * 48 * 4_000L);
            if (p.register(i) < before) {
                wrapping++;
            }
        }
        assertThat(sumJan).isGreaterThan(sumMay * 14 / 10);
        assertThat(wrapping).as("registers wrapping over ~8 days").isBetween(100, 1_000);
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

    @Test
    void exchanges_are_planned_from_the_seed_inside_the_runs_slots_with_spare_meter_ids(@TempDir Path dir) throws Exception {
        long first = Slots.index(java.time.LocalDate.of(2026, 11, 22), 10);
        MeterPopulation p = new MeterPopulation(SimConfig.defaults(10_000));
        MeterExchanges x = p.planExchanges(0.01, first, 4);
        MeterExchanges again = new MeterPopulation(SimConfig.defaults(10_000)).planExchanges(0.01, first, 4);
        assertThat(x.size()).isBetween(70, 130).isEqualTo(again.size());
        LoadProfile profile = new LoadProfile(p.config().seed(), p);
        for (int e = 0; e < x.size(); e++) {
            int i = x.point(e);
            assertThat(again.point(e)).isEqualTo(i);
            assertThat(x.slot(e)).isBetween(first, first + 3);
            assertThat(Slots.containing(x.atEpochSecond(e))).isEqualTo(x.slot(e));
            assertThat(Slots.isBoundary(x.atEpochSecond(e))).isFalse();
            assertThat(x.newMeterId(e)).isEqualTo(p.meterId(p.size() - 1) + 1 + e);
            assertThat(p.indexOf(x.newMeterId(e))).isEqualTo(i);
            assertThat(p.meterIdAt(i, x.slot(e) - 1)).isEqualTo(p.meterId(i));
            assertThat(p.meterIdAt(i, x.slot(e))).isEqualTo(x.newMeterId(e));
            // the new meter's register at the exchange instant is its initial register; the old one's is oldFinal
            assertThat(p.registerAt(i, x.slot(e), x.energyAtExchange(e))).isEqualTo(x.newInitial(e));
            assertThat(p.registerAt(i, x.slot(e) - 1, x.energyAtExchange(e))).isEqualTo(x.oldFinal(e));
            long before = 0;
            for (long s = first; s < x.slot(e); s++) {
                before += profile.importUnits(i, s);
            }
            assertThat(x.energyAtExchange(e)).isBetween(before, before + profile.importUnits(i, x.slot(e)));
        }
        assertThat(p.indexOf(x.newMeterId(x.size() - 1) + 1)).isEqualTo(-1);
        assertThat(new MeterPopulation(SimConfig.defaults(100)).planExchanges(0, first, 4).isEmpty()).isTrue();

        Path csv = dir.resolve("x.csv");
        p.writeExchanges(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(x.size() + 1);
        assertThat(lines.get(0)).isEqualTo("supply_point_id,old_meter_id,old_final_register,new_meter_id,new_initial_register,exchanged_at");
        int i0 = x.point(0);
        assertThat(lines.get(1)).isEqualTo(p.supplyPoint(i0).value() + "," + p.meterId(i0) + "," + x.oldFinal(0) + ","
                + x.newMeterId(0) + "," + x.newInitial(0) + ","
                + java.time.Instant.ofEpochSecond(x.atEpochSecond(0)).atOffset(java.time.ZoneOffset.ofHours(9)));
        assertThat(lines.get(1)).endsWith("+09:00");
    }
}
