package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.EngineStats;
import jp.ami.mdms.slots.LoadProfile;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.slots.SlotStats;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotEngineTest {
    @TempDir
    Path dir;
    final MemoryStore store = new MemoryStore();
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T00:00:00Z"));

    private SlotEngine engine(MasterData master) {
        MdmsConfig config = Fixtures.config(dir);
        return new SlotEngine(config, master, store, new SlotFileWriter(config), Outbox.open(dir.resolve("outbox")), clock);
    }

    private static long t(long slotIndex) {
        return Slots.endEpochSecond(slotIndex);
    }

    @Test
    void value_is_register_delta_times_unit_times_coefficient_with_rollover() {
        MasterData master = MasterData.empty(new SupplyRegistry());
        master.add(Fixtures.point(0), MeterId.of(1), OperatorCode.of("R0001"), 1000);
        master.add(Fixtures.point(1), MeterId.of(2), OperatorCode.of("R0001"), 1000);
        master.add(Fixtures.point(2), MeterId.of(3), OperatorCode.of("R0001"), 1000);
        SlotEngine engine = engine(master);
        ReadingBatch b = new ReadingBatch();
        // point 0: unit 0x02 (0.01 kWh) × coefficient 40, 152 → 190: 38 steps × 0.4 kWh = 15.2 kWh
        reading(b, 1, t(SLOT2 - 1), 152, 0x02, 40, 6);
        reading(b, 1, t(SLOT2), 190, 0x02, 40, 6);
        // point 1: 6 digits roll over at 1 000 000: 999 990 → 5 is 15 steps of 0.1 kWh = 1.5 kWh
        reading(b, 2, t(SLOT2 - 1), 999_990, 0x01, 1, 6);
        reading(b, 2, t(SLOT2), 5, 0x01, 1, 6);
        // point 2: unit 0x0A (10 kWh), 3 steps = 30 kWh
        reading(b, 3, t(SLOT2 - 1), 7, 0x0A, 1, 8);
        reading(b, 3, t(SLOT2), 10, 0x0A, 1, 8);
        engine.accept(b);
        SlotValues v = engine.preview(SLOT2);
        assertThat(v.status(0)).isEqualTo(ValueStatus.PRESENT);
        assertThat(v.units(0)).isEqualTo(152_000L);
        assertThat(v.units(1)).isEqualTo(15_000L);
        assertThat(v.units(2)).isEqualTo(300_000L);
    }

    @Test
    void out_of_order_readings_give_the_same_values() {
        MasterData master = Fixtures.master(20);
        List<long[]> readings = new ArrayList<>();
        Random rnd = new Random(42);
        for (int i = 0; i < 20; i++) {
            long reg = rnd.nextInt(1_000_000);
            for (long k = SLOT2 - 1; k <= SLOT2 + 3; k++) {
                readings.add(new long[]{1000 + i, t(k), reg});
                reg = (reg + rnd.nextInt(150)) % 1_000_000; // ≤ 1.5 kWh: within 30 A
            }
        }
        List<SlotValues> inOrder = runAll(master, readings);
        Collections.shuffle(readings, new Random(7));
        List<SlotValues> shuffled = runAll(master, readings);
        for (int s = 0; s < inOrder.size(); s++) {
            for (int p = 0; p < 20; p++) {
                assertThat(shuffled.get(s).status(p)).isEqualTo(ValueStatus.PRESENT);
                assertThat(shuffled.get(s).units(p)).isEqualTo(inOrder.get(s).units(p));
            }
        }
    }

    private List<SlotValues> runAll(MasterData master, List<long[]> readings) {
        SlotEngine engine = engine(master);
        for (long[] r : readings) {
            ReadingBatch b = new ReadingBatch(1); // one reading per batch: the worst order
            reading(b, r[0], r[1], r[2], 0x02, 1, 6);
            engine.accept(b);
        }
        List<SlotValues> out = new ArrayList<>();
        for (long k = SLOT2; k <= SLOT2 + 3; k++) {
            out.add(engine.preview(k));
        }
        return out;
    }

    @Test
    void a_missing_boundary_reading_is_estimated_at_the_cutoff_and_redistributed_exactly_when_the_next_one_arrives() {
        MasterData master = Fixtures.master(2);
        SlotEngine engine = engine(master);
        ReadingBatch b = new ReadingBatch();
        for (long k = SLOT2 - 1; k <= SLOT2 + 1; k++) {
            reading(b, 1000, t(k), 100 + k - SLOT2, 0x02, 1, 6);
            if (k == SLOT2 - 1) {
                reading(b, 1001, t(k), 100, 0x02, 1, 6); // meter 1001 misses the end of SLOT2
            }
        }
        engine.accept(b);
        int p0 = master.pointOfMeter(1000);
        int p1 = master.pointOfMeter(1001);
        int amperes = master.contractAmperes(p1);
        assertThat(engine.preview(SLOT2).status(p0)).isEqualTo(ValueStatus.PRESENT);
        // only the opening register known: the documented profile (no history of its own), flagged cut-off
        for (long k = SLOT2; k <= SLOT2 + 1; k++) {
            SlotValues v = engine.preview(k);
            assertThat(v.status(p1)).isEqualTo(ValueStatus.ESTIMATED);
            assertThat(v.units(p1)).isEqualTo(LoadProfile.units(k, amperes)).isPositive();
            assertThat(v.flags(p1) & (Vee.GAP | Vee.CUTOFF)).isEqualTo(Vee.GAP | Vee.CUTOFF);
            assertThat(v.method(p1)).isEqualTo(Vee.Method.PROFILE);
        }
        assertThat(engine.preview(SLOT2 + 1).units(p0)).isEqualTo(100L);
        engine.finalizeSlot(SLOT2);
        assertThat(engine.stats().estimatedAtCutoff()).isEqualTo(1);
        assertThat(store.read(SLOT2)).extracting(StoredValue::status).containsExactly("0", "2"); // by ID: 1000, 1001

        ReadingBatch closing = new ReadingBatch();
        reading(closing, 1001, t(SLOT2 + 1), 103, 0x02, 1, 6); // both registers known: 3 steps × 0.01 kWh over 2 slots
        engine.accept(closing);
        SlotValues a = engine.preview(SLOT2);
        SlotValues c = engine.preview(SLOT2 + 1);
        assertThat(a.status(p1)).isEqualTo(ValueStatus.ESTIMATED);
        assertThat(a.flags(p1) & Vee.CUTOFF).isZero();
        assertThat(a.units(p1) + c.units(p1)).isEqualTo(300L); // the sum is the register difference, exactly
        long w0 = LoadProfile.perMille(Slots.number(SLOT2));
        long w1 = LoadProfile.perMille(Slots.number(SLOT2 + 1));
        assertThat(a.units(p1)).isBetween(300 * w0 / (w0 + w1), 300 * w0 / (w0 + w1) + 1); // shaped by the profile
        engine.finalizeSlot(SLOT2 + 1);
        assertThat(engine.stats().revisedLater()).isEqualTo(1); // SLOT2's cut-off estimate, replaced
        assertThat(store.read(SLOT2)).extracting(StoredValue::status).containsExactly("0", "1");
        assertThat(store.read(SLOT2)).extracting(StoredValue::revision).containsExactly(0, 1);
    }

    @Test
    void a_cutoff_estimate_is_the_mean_of_the_points_own_measured_values_in_that_slot_over_the_recent_days() {
        MasterData master = Fixtures.master(2);
        SlotEngine engine = engine(master);
        int p1 = master.pointOfMeter(1001);
        long day = Slots.SLOTS_PER_DAY;
        engine.days().put(SLOT2 - day, p1, Vee.pack(700, ValueStatus.PRESENT, 0));
        engine.days().put(SLOT2 - 3 * day, p1, Vee.pack(900, ValueStatus.PRESENT, 0));
        engine.days().put(SLOT2 - 4 * day, p1, Vee.pack(5000, ValueStatus.ESTIMATED, 0)); // estimates do not count
        ReadingBatch b = new ReadingBatch();
        reading(b, 1001, t(SLOT2 - 1), 100, 0x02, 1, 6);
        engine.accept(b);
        SlotValues v = engine.preview(SLOT2);
        assertThat(v.units(p1)).isEqualTo(800L);
        assertThat(v.method(p1)).isEqualTo(Vee.Method.RECENT_DAYS);
        assertThat(v.status(p1)).isEqualTo(ValueStatus.ESTIMATED);
    }

    @Test
    void expected_slots_without_readings_are_finalised_as_missing_for_every_point_at_the_cutoff() {
        MasterData master = Fixtures.master(3);
        SlotEngine engine = engine(master);
        List<SlotStats> finalized = new ArrayList<>();
        List<String> files = new ArrayList<>();
        engine.addSlotFinalizedListener((slot, stats) -> finalized.add(stats));
        engine.addFilePublishedListener((r, name, slot, size, at) -> files.add(r + "/" + name));
        engine.expectSlots(SLOT2, SLOT2 + 1);

        clock.set(Slots.end(SLOT2).plus(Duration.ofMinutes(19)));
        assertThat(engine.finalizeDue(clock.instant())).isZero();
        clock.set(Slots.end(SLOT2).plus(Duration.ofMinutes(20)));
        assertThat(engine.finalizeDue(clock.instant())).isEqualTo(1);

        assertThat(finalized).singleElement().satisfies(s -> {
            assertThat(s.slotIndex()).isEqualTo(SLOT2);
            assertThat(s.points()).isEqualTo(3);
            assertThat(s.missing()).isEqualTo(3);
            assertThat(s.files()).isEqualTo(2);
        });
        assertThat(files).containsExactlyInAnyOrder("R0001/W41110202611220100000001.zip", "R0002/W41110202611220100000001.zip");
        assertThat(store.read(SLOT2)).hasSize(3).allSatisfy(v -> assertThat(v.valueUnits()).isNull());
        assertThat(engine.openSlots()).containsExactly(SLOT2 + 1);
        EngineStats st = engine.stats();
        assertThat(st.valuesStored()).isEqualTo(3);
        assertThat(st.missing()).isEqualTo(3);
        assertThat(st.filesPublished()).isEqualTo(2);
        assertThat(st.filesPerRetailer()).containsEntry("R0001", 1L).containsEntry("R0002", 1L);
        assertThat(st.slotTimings()).singleElement().satisfies(tm -> {
            assertThat(tm.slotEnd()).isEqualTo(Slots.end(SLOT2));
            assertThat(tm.finalizedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void counts_reverse_unknown_skewed_and_late_readings_and_drops_finished_boundaries() throws Exception {
        MasterData master = Fixtures.master(2);
        SlotEngine engine = engine(master);
        ReadingBatch b = new ReadingBatch();
        reading(b, 1000, t(SLOT2 - 1), 10, 0x02, 1, 6);
        reading(b, 1000, t(SLOT2), 20, 0x02, 1, 6);
        b.add(1000, t(SLOT2), 5, t(SLOT2) * 1000, 1, 1, 0x02, 6, 1, 1, 0); // reverse (export: see ExportValuesTest)
        reading(b, 99, t(SLOT2), 5, 0x02, 1, 6);                          // unknown meter
        reading(b, 1001, t(SLOT2) + 300, 5, 0x02, 1, 6);                  // 5 min off a boundary: beyond the tolerance
        reading(b, 1001, t(SLOT2), 5, 0x07, 1, 6);                        // undefined unit code
        engine.accept(b);
        assertThat(engine.openSlots()).containsExactly(SLOT2, SLOT2 + 1);
        engine.finalizeSlot(SLOT2);
        assertThat(store.read(SLOT2)).extracting(StoredValue::valueUnits).containsExactly(1000L, null);

        // end of SLOT2 is still needed by SLOT2 + 1: a late reading there is counted and recorded
        ReadingBatch late = new ReadingBatch();
        reading(late, 1001, t(SLOT2), 50, 0x02, 1, 6);
        reading(late, 1001, t(SLOT2 + 1), 53, 0x02, 1, 6);
        engine.accept(late);
        SlotStats s = engine.finalizeSlot(SLOT2 + 1);
        assertThat(s.present()).isEqualTo(1);
        // meter 1000's end of SLOT2 + 1 is missing: estimated at the cut-off from the profile (no history of its own)
        assertThat(store.read(SLOT2 + 1)).extracting(StoredValue::valueUnits)
                .containsExactly(LoadProfile.units(SLOT2 + 1, master.contractAmperes(master.pointOfMeter(1000))), 300L);
        // meter 1001, missing in SLOT2 (neither reading), was heard at its end after the cut-off: a revision estimates it
        assertThat(store.read(SLOT2)).extracting(StoredValue::valueUnits)
                .containsExactly(1000L, LoadProfile.units(SLOT2, master.contractAmperes(master.pointOfMeter(1001))));
        assertThat(engine.revision(SLOT2)).isEqualTo(1);

        EngineStats st = engine.stats();
        assertThat(st.reverseReadings()).isEqualTo(1);
        assertThat(st.unknownMeters()).isEqualTo(1);
        assertThat(st.clockSkewRejects()).isEqualTo(1);
        assertThat(st.invalidReadings()).isEqualTo(1);
        assertThat(st.lateReadings()).isEqualTo(1);

        // a reading for a boundary both of whose slots are finalised is late: counted, not held by the window (only a gap
        // of its point keeps it, for a revision)
        ReadingBatch older = new ReadingBatch();
        reading(older, 1001, t(SLOT2 - 1), 40, 0x02, 1, 6);
        engine.accept(older);
        assertThat(engine.stats().lateReadings()).isEqualTo(2);
        assertThat(engine.openSlots()).containsExactly(SLOT2 + 2);
        assertThat(engine.openBoundaries()).isEqualTo(1); // only the end of SLOT2 + 1, the start of SLOT2 + 2
        assertThat(Files.list(dir.resolve("outbox").resolve("R0001"))).hasSize(2);
    }

    @Test
    void a_head_end_clock_stepped_back_does_not_turn_readings_into_future_ones_but_a_boundary_ahead_is_refused() {
        MasterData master = Fixtures.master(3);
        SlotEngine engine = engine(master);
        ReadingBatch b = new ReadingBatch();
        long received = (t(SLOT2) - 300) * 1000; // the head-end's clock was stepped back 5 minutes (NTP)
        b.add(1000, t(SLOT2 - 1), 10, received - 1_800_000, 1, 1, 0x02, 6, 1, 0, 0);
        b.add(1000, t(SLOT2), 20, received, 1, 2, 0x02, 6, 1, 0, 0);
        b.add(1001, t(SLOT2 - 1), 10, received - 1_800_000, 1, 1, 0x02, 6, 1, 0, 0);
        b.add(1001, t(SLOT2), 22, received + 30_000, 1, 2, 0x02, 6, 1, 0, 0);
        // meter 1002's clock runs a boundary fast: it stamps the end of SLOT2 + 1 half an hour early
        b.add(1002, t(SLOT2 + 1), 30, (t(SLOT2 + 1) - 1740) * 1000, 1, 3, 0x02, 6, 1, 0, 0);
        engine.accept(b);
        assertThat(engine.stats().clockSkewRejects()).isEqualTo(1);
        engine.finalizeSlot(SLOT2);
        assertThat(store.read(SLOT2)).extracting(StoredValue::valueUnits).containsExactly(1000L, 1200L, null);
    }
}
