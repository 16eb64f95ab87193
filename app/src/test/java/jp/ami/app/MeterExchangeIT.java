package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.journal.JournalTailer;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.model.EnergyUnit;
import jp.ami.model.Registers;
import jp.ami.model.Slots;
import jp.ami.sim.FaultConfig;
import jp.ami.sim.LoadProfile;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.SimConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meter exchanges mid-run (計器取替) through the whole pipeline: 600 meters, 3 slots, 5 % of the meters exchanged
 * inside one of the slots, 8 % of readings lost (re-collected). The simulator plans the exchanges before the run
 * and writes them for the head-end (new meters known, re-collection expects the installed meter) and the MDMS
 * (the exchange slot = old meter's part + new meter's part, flagged EXCHANGE). Every value must be PRESENT and
 * exactly what the load profile's energy makes of the registers, computed here independently.
 */
class MeterExchangeIT extends DemoRun {
    private static final int METERS = 600;
    private static final int SLOTS = 3;
    private static final int FIRST_SLOT = 20;
    private static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    private static final int VEE_EXCHANGE = 32;
    /** Slower than WholePathIT's 600×: 10 simulated minutes per real second leave little room on a busy machine. */
    private static final long SPEED = 300;

    @TempDir
    static Path var;

    private long first;
    /** From the exchanges CSV the simulator wrote: point index → exchange. */
    private final Map<Integer, Row> exchanges = new HashMap<>();

    record Row(int point, long oldMeter, long oldFinal, long newMeter, long newInitial, long atEpochSecond) {
        long slot() {
            return Slots.containing(atEpochSecond);
        }
    }

    @Override
    DemoOptions options(PrintStream progress) {
        FaultConfig faults = FaultConfig.of(0.08, 0, 0, 0, 0, 0).withExchange(0.05);
        return new DemoOptions(METERS, SLOTS, FIRST_SLOT, DATE, SPEED, var, false, progress, faults);
    }

    /** After the run (the base's {@code @BeforeAll}): the exchanges the simulator planned. */
    @BeforeAll
    void readExchanges() throws Exception {
        first = Slots.index(DATE, FIRST_SLOT);
        List<String> lines = Files.readAllLines(var.resolve("demo").resolve("meter-exchanges.csv"));
        assertThat(lines.get(0)).isEqualTo(jp.ami.hes.MeterExchange.HEADER);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int point = (int) (Long.parseLong(f[0].substring(2)) - 1);
            exchanges.put(point, new Row(point, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), OffsetDateTime.parse(f[5]).toEpochSecond()));
        }
    }

    @Test
    void a_share_of_the_meters_is_exchanged_inside_a_slot_of_the_run_with_a_new_meter_id() {
        assertThat(exchanges.size()).isBetween(METERS / 40, METERS / 10);
        MeterPopulation p = new MeterPopulation(SimConfig.defaults(METERS));
        long spare = p.meterId(METERS - 1) + 1;
        for (Row x : exchanges.values()) {
            assertThat(x.oldMeter()).isEqualTo(p.meterId(x.point()));
            assertThat(x.newMeter()).isBetween(spare, spare + exchanges.size() - 1);
            assertThat(x.slot()).isBetween(first, first + SLOTS - 1);
            assertThat(Slots.isBoundary(x.atEpochSecond())).isFalse();
            assertThat(x.newInitial()).isLessThan(100);
        }
    }

    @Test
    void every_reading_is_journaled_and_every_value_is_present() {
        assertThat(summary.readings().expected()).isEqualTo((long) METERS * (SLOTS + 1));
        assertThat(summary.readings().journaled()).isEqualTo(summary.readings().expected());
        assertThat(summary.readings().rejected()).allSatisfy((reason, n) -> assertThat(n).as(reason).isZero());
        assertThat(summary.collection().expected()).isEqualTo((long) METERS * (SLOTS + 1));
        assertThat(summary.collection().recovered()).isPositive();
        assertThat(summary.collection().missing()).isZero();
        assertThat(summary.values().stored()).isEqualTo((long) METERS * SLOTS);
        // every value measured, except the demo operator's one correction (estimated)
        assertThat(summary.values().present()).isEqualTo((long) METERS * SLOTS - 1);
        assertThat(summary.values().missing()).isZero();
        assertThat(summary.values().estimated()).isEqualTo(1);
        assertThat(demo.mdms().corrections()).hasSize(1);
        for (var v : demo.hes().collection().slots()) {
            assertThat(v.getSna()).as("Get_SNA at %s (a removed meter asked)", v.slot()).isZero();
        }
    }

    @Test
    void readings_come_from_the_installed_meter_and_a_lost_reading_of_a_new_meter_is_recollected_from_it() {
        Map<Long, Row> byOld = new HashMap<>();
        Map<Long, Row> byNew = new HashMap<>();
        exchanges.values().forEach(x -> {
            byOld.put(x.oldMeter(), x);
            byNew.put(x.newMeter(), x);
        });
        long recollectedFromNew = 0;
        long fromNew = 0;
        ReadingBatch b = new ReadingBatch();
        try (JournalTailer t = demo.hes().journal().tailerFromStart()) {
            while (t.poll(b)) {
                for (int i = 0; i < b.size(); i++) {
                    long closed = Slots.closedBy(b.readingEpochSecond(i));
                    Row old = byOld.get(b.meterId(i));
                    Row neu = byNew.get(b.meterId(i));
                    if (old != null) {
                        assertThat(closed).as("old meter %d reads before its exchange", b.meterId(i)).isLessThan(old.slot());
                    }
                    if (neu != null) {
                        assertThat(closed).as("new meter %d reads from its exchange slot", b.meterId(i)).isGreaterThanOrEqualTo(neu.slot());
                        fromNew++;
                        if ((b.flags(i) & ReadingBatch.FLAG_RECOLLECTED) != 0) {
                            recollectedFromNew++;
                        }
                    }
                }
            }
        }
        long expectedFromNew = exchanges.values().stream().mapToLong(x -> first + SLOTS - x.slot()).sum();
        assertThat(fromNew).isEqualTo(expectedFromNew);
        assertThat(recollectedFromNew).as("lost readings of new meters re-collected from them").isPositive();
    }

    @Test
    void exchanged_slots_are_flagged_and_equal_the_simulated_energy_through_both_registers_exactly() throws Exception {
        MeterPopulation p = new MeterPopulation(SimConfig.defaults(METERS));
        LoadProfile profile = new LoadProfile(p.config().seed(), p);
        Map<String, long[]> stored = new HashMap<>(); // point@slot → {units, flags, meter, present}
        String present = demo.mdms().config().statusPresent();
        try (var c = ((QuestDbStore) demo.mdms().store()).connect(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("select supply_point, cast(slot_end as long) end_us, value_units, vee_flags, meter_id, status from lv_30min")) {
            while (rs.next()) {
                long closed = Slots.closedBy(rs.getLong(2) / 1_000_000);
                stored.put(rs.getString(1) + "@" + closed, new long[] {rs.getLong(3), rs.getInt(4), rs.getLong(5),
                        present.equals(rs.getString(6)) ? 1 : 0});
            }
        }
        assertThat(stored).hasSize(METERS * SLOTS);
        long flagged = 0;
        for (int i = 0; i < METERS; i++) {
            long stepUnits = (long) EnergyUnit.ofCode(p.unitCode(i)).unitsPerStep() * p.coefficient(i);
            long modulus = Registers.modulus(p.digits(i));
            Row x = exchanges.get(i);
            long energy = 0;
            for (long s = first; s < first + SLOTS; s++) {
                long use = profile.importUnits(i, s);
                long before = energy;
                energy += use;
                long steps;
                long meter;
                if (x == null || s < x.slot()) {
                    steps = Registers.delta(p.registerAt(i, before), p.registerAt(i, energy), p.digits(i));
                    meter = p.meterId(i);
                } else {
                    long offset = x.atEpochSecond() - Slots.startEpochSecond(x.slot());
                    long atExchange = cumulative(profile, i, first, x.slot() - 1)
                            + profile.importUnits(i, x.slot()) * offset / Slots.SECONDS_PER_SLOT;
                    long newBefore = s == x.slot() ? x.newInitial()
                            : ((before - atExchange) / stepUnits + x.newInitial()) % modulus;
                    long newAfter = ((energy - atExchange) / stepUnits + x.newInitial()) % modulus;
                    if (s == x.slot()) {
                        // the simulator's record of the old meter's final register is the register at the exchange instant
                        assertThat(x.oldFinal()).as("old final register of point %d", i).isEqualTo(p.registerAt(i, atExchange));
                        steps = Registers.delta(p.registerAt(i, before), x.oldFinal(), p.digits(i))
                                + Registers.delta(newBefore, newAfter, p.digits(i));
                    } else {
                        steps = Registers.delta(newBefore, newAfter, p.digits(i));
                    }
                    meter = x.newMeter();
                }
                long expected = EnergyUnit.ofCode(p.unitCode(i)).toUnits(steps, p.coefficient(i));
                long[] v = stored.get(p.supplyPoint(i).value() + "@" + s);
                assertThat(v).as("value of point %d slot %d", i, s).isNotNull();
                String id = p.supplyPoint(i).value();
                long slot = s;
                var correction = demo.mdms().corrections().stream()
                        .filter(c -> c.supplyPoint().equals(id) && c.slotIndex() == slot).findFirst();
                if (correction.isPresent()) { // the demo operator's correction: its value, estimated, instead
                    assertThat(correction.get().before()).isEqualTo(expected);
                    assertThat(v[0]).isEqualTo(correction.get().units());
                    assertThat(v[3]).isZero();
                    continue;
                }
                assertThat(v[3]).as("PRESENT point %d slot %d", i, s).isEqualTo(1);
                assertThat(v[0]).as("units of point %d slot %d (exchanged: %s)", i, s, x).isEqualTo(expected);
                // whole register steps: within one step of the energy the load profile put through the point
                assertThat(Math.abs(v[0] - use)).isLessThanOrEqualTo(2 * stepUnits);
                assertThat(v[2]).as("meter of point %d slot %d", i, s).isEqualTo(meter);
                boolean exchangeSlot = x != null && x.slot() == s;
                assertThat((v[1] & VEE_EXCHANGE) != 0).as("EXCHANGE flag of point %d slot %d", i, s).isEqualTo(exchangeSlot);
                flagged += exchangeSlot ? 1 : 0;
            }
        }
        assertThat(flagged).isEqualTo(exchanges.size());
        assertThat(demo.exchangeFlagged()).isEqualTo(exchanges.size());
    }

    private static long cumulative(LoadProfile profile, int i, long from, long to) {
        long e = 0;
        for (long s = from; s <= to; s++) {
            e += profile.importUnits(i, s);
        }
        return e;
    }
}
