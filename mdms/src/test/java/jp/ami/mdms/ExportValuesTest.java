package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.reading;
import static jp.ami.mdms.Fixtures.reverseReading;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.EngineStats;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export (逆潮流, PV) values from reverse-direction readings: values, VEE, revisions, rows and files. */
class ExportValuesTest {
    @TempDir
    Path dir;

    private SlotEngine engine(Path base, MasterData master, MemoryStore store) {
        MdmsConfig config = Fixtures.config(base);
        return new SlotEngine(config, master, store, new SlotFileWriter(config), Outbox.open(config.outboxDir()),
                new ManualClock(Instant.parse("2026-11-22T00:00:00Z")));
    }

    private static long t(long slotIndex) {
        return Slots.endEpochSecond(slotIndex);
    }

    private static int idx(MasterData m, int pointNumber) {
        return m.registry().indexOf(Fixtures.point(pointNumber));
    }

    /**
     * Seven points (meter 1000 + n is point n; even n → retailer R0001, odd → R0002, which has no PV): 0 PV, 2 PV with a
     * rolling-over export register, 4 PV whose export register runs backwards, 6 PV from boundary SLOT2 + 1 on; 1, 3, 5
     * without PV. Normal readings for all at SLOT2 − 1 … SLOT2 + 3.
     */
    private static ReadingBatch scenario(boolean withPv) {
        ReadingBatch b = new ReadingBatch();
        long[] r0 = {500, 512, 530, 531, 560};
        long[] r2 = {999_995, 3, 20, 20, 25};
        long[] r3 = {5000, 4000, 4010, 4020, 4030};
        for (int j = 0; j < 5; j++) {
            long ts = t(SLOT2 - 1 + j);
            for (int n = 0; n < 7; n++) {
                reading(b, 1000 + n, ts, 100 + 10L * j + n, 0x02, 1, 6);
            }
            if (withPv) {
                reverseReading(b, 1000, ts, r0[j], 0x02, 1, 6);
                reverseReading(b, 1002, ts, r2[j], 0x02, 1, 6);
                reverseReading(b, 1004, ts, r3[j], 0x02, 1, 6);
                if (j >= 2) {
                    reverseReading(b, 1006, ts, 70 + j, 0x02, 1, 6);
                }
            }
        }
        return b;
    }

    private SlotEngine runScenario(Path base, MasterData master, MemoryStore store, boolean withPv) {
        SlotEngine e = engine(base, master, store);
        e.accept(scenario(withPv));
        for (long k = SLOT2; k <= SLOT2 + 3; k++) {
            e.finalizeSlot(k);
        }
        return e;
    }

    @Test
    void export_values_are_the_exact_reverse_register_differences_with_the_same_vee() {
        MasterData master = Fixtures.master(7);
        MemoryStore store = new MemoryStore();
        SlotEngine e = runScenario(dir, master, store, true);
        int p0 = idx(master, 0), p1 = idx(master, 1), p2 = idx(master, 2), p3 = idx(master, 4), p4 = idx(master, 6);

        // point 0: 12, 18, 1, 29 steps of 0.01 kWh
        long[] expected0 = {1200, 1800, 100, 2900};
        long sum = 0;
        for (int i = 0; i < 4; i++) {
            long v = e.exportPacked(SLOT2 + i, p0);
            assertThat(Vee.status(v)).isEqualTo(ValueStatus.PRESENT);
            assertThat(Vee.units(v)).isEqualTo(expected0[i]);
            sum += Vee.units(v);
        }
        assertThat(sum).isEqualTo((560 - 500) * 100L);
        // point 2: 999 995 → 3 rolls over at 10^6: 8 steps; then 17, 0, 5
        assertThat(units(e, p2)).containsExactly(800L, 1700L, 0L, 500L);
        // point 4: backwards by 1000 steps, more than a rollover within the contract explains: MISSING, NEGATIVE
        long neg = e.exportPacked(SLOT2, p3);
        assertThat(Vee.status(neg)).isEqualTo(ValueStatus.MISSING);
        assertThat(Vee.flags(neg) & Vee.NEGATIVE).isNotZero();
        assertThat(Vee.units(e.exportPacked(SLOT2 + 1, p3))).isEqualTo(1000L);
        // point 6: first reverse reading at boundary SLOT2 + 1 → export values from slot SLOT2 + 2 on
        assertThat(e.exportPacked(SLOT2, p4)).isZero();
        assertThat(e.exportPacked(SLOT2 + 1, p4)).isZero();
        assertThat(Vee.units(e.exportPacked(SLOT2 + 2, p4))).isEqualTo(100L);
        // point 1 has no PV: no export value, and its import values are untouched
        for (long k = SLOT2; k <= SLOT2 + 3; k++) {
            assertThat(e.exportPacked(k, p1)).isZero();
        }
        // the import values of PV points are their normal registers' differences
        assertThat(store.read(SLOT2)).extracting(StoredValue::valueUnits).containsOnly(1000L);

        // the rows carry the export columns; null for points without an export value
        StoredValue row0 = row(store, SLOT2 + 1, 0);
        assertThat(row0.exportUnits()).isEqualTo(1800L);
        assertThat(row0.exportStatus()).isEqualTo("0");
        assertThat(row(store, SLOT2, 4).exportUnits()).isNull();
        assertThat(row(store, SLOT2, 4).exportStatus()).isEqualTo("9");
        assertThat(row(store, SLOT2, 1).exportStatus()).isNull();
        assertThat(row(store, SLOT2, 6).exportStatus()).isNull();
        assertThat(row(store, SLOT2 + 2, 6).exportUnits()).isEqualTo(100L);

        EngineStats st = e.stats();
        assertThat(st.reverseReadings()).isEqualTo(18);
        assertThat(st.accepted()).isEqualTo(35);
        assertThat(st.exportPoints()).isEqualTo(4);
        assertThat(st.exportMissing()).isEqualTo(1);
        assertThat(st.exportPresent()).isEqualTo(4 + 4 + 3 + 2);
        assertThat(st.exportEstimated()).isZero();
        assertThat(st.present()).isEqualTo(28); // the import counts are unchanged
    }

    private static java.util.List<Long> units(SlotEngine e, int p) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (long k = SLOT2; k <= SLOT2 + 3; k++) {
            out.add(Vee.units(e.exportPacked(k, p)));
        }
        return out;
    }

    private static StoredValue row(MemoryStore store, long slot, int pointNumber) {
        return store.read(slot).stream().filter(r -> r.supplyPointId().equals(Fixtures.point(pointNumber).value())).findFirst()
                .orElseThrow();
    }

    @Test
    void a_gap_in_export_is_missing_while_open_estimated_once_closed_and_revised_when_the_readings_arrive() throws Exception {
        MasterData master = Fixtures.master(2);
        MemoryStore store = new MemoryStore();
        SlotEngine e = engine(dir, master, store);
        int p0 = idx(master, 0);
        // boundaries SLOT2 − 1 … SLOT2 + 1: normal readings for both points; reverse for point 0 only at SLOT2 − 1
        ReadingBatch b = new ReadingBatch();
        for (int j = 0; j <= 2; j++) {
            reading(b, 1000, t(SLOT2 - 1 + j), 100 + j, 0x02, 1, 6);
            reading(b, 1001, t(SLOT2 - 1 + j), 200 + j, 0x02, 1, 6);
        }
        reverseReading(b, 1000, t(SLOT2 - 1), 1000, 0x02, 1, 6);
        e.accept(b);
        e.finalizeSlot(SLOT2);
        e.finalizeSlot(SLOT2 + 1);
        for (long k = SLOT2; k <= SLOT2 + 1; k++) {
            long v = e.exportPacked(k, p0);
            assertThat(Vee.status(v)).as("slot %d", k).isEqualTo(ValueStatus.MISSING);
            assertThat(Vee.flags(v) & Vee.GAP).isNotZero();
        }
        assertThat(row(store, SLOT2, 0).exportStatus()).isEqualTo("9");

        // boundary SLOT2 + 2 closes the gap: 90 steps over three slots, linear (no like day)
        ReadingBatch c = new ReadingBatch();
        reading(c, 1000, t(SLOT2 + 2), 103, 0x02, 1, 6);
        reading(c, 1001, t(SLOT2 + 2), 203, 0x02, 1, 6);
        reverseReading(c, 1000, t(SLOT2 + 2), 1090, 0x02, 1, 6);
        e.accept(c);
        e.finalizeSlot(SLOT2 + 2);
        long estimatedSum = 0;
        for (long k = SLOT2; k <= SLOT2 + 2; k++) {
            long v = e.exportPacked(k, p0);
            assertThat(Vee.status(v)).as("slot %d", k).isEqualTo(ValueStatus.ESTIMATED);
            assertThat(Vee.units(v)).isEqualTo(3000L);
            estimatedSum += Vee.units(v);
        }
        assertThat(estimatedSum).isEqualTo(9000L);
        assertThat(e.revision(SLOT2)).isEqualTo(1);
        assertThat(e.revision(SLOT2 + 1)).isEqualTo(1);
        assertThat(row(store, SLOT2, 0).exportStatus()).isEqualTo("1");
        assertThat(row(store, SLOT2, 0).exportUnits()).isEqualTo(3000L);
        assertThat(row(store, SLOT2, 0).revision()).isEqualTo(1);
        assertThat(row(store, SLOT2, 0).valueUnits()).isEqualTo(100L); // the import value travels unchanged
        assertThat(row(store, SLOT2, 1).revision()).isZero(); // point 1 did not change: its row is not rewritten
        // the revision re-issued point 0's retailer's per-slot file with the export value
        Path revised = dir.resolve("outbox").resolve("R0001").resolve(FileNames.perSlotZip(SLOT2, 1, 1));
        assertThat(xml(revised)).contains("<JP06126>0.3000</JP06126><JP06127>1</JP06127>");
        assertThat(dir.resolve("outbox").resolve("R0002").resolve(FileNames.perSlotZip(SLOT2, 1, 1))).doesNotExist();

        // re-collected actual readings replace the estimates: revision 2 of SLOT2 and SLOT2 + 1, 1 → 2 of SLOT2 + 2
        ReadingBatch d = new ReadingBatch();
        reverseReading(d, 1000, t(SLOT2), 1020, 0x02, 1, 6);
        reverseReading(d, 1000, t(SLOT2 + 1), 1050, 0x02, 1, 6);
        reading(d, 1000, t(SLOT2 + 3), 104, 0x02, 1, 6);
        reading(d, 1001, t(SLOT2 + 3), 204, 0x02, 1, 6);
        reverseReading(d, 1000, t(SLOT2 + 3), 1100, 0x02, 1, 6);
        e.accept(d);
        e.finalizeSlot(SLOT2 + 3);
        assertThat(units(e, p0)).containsExactly(2000L, 3000L, 4000L, 1000L);
        for (long k = SLOT2; k <= SLOT2 + 3; k++) {
            assertThat(Vee.status(e.exportPacked(k, p0))).isEqualTo(ValueStatus.PRESENT);
        }
        assertThat(e.revision(SLOT2)).isEqualTo(2);
        assertThat(e.revision(SLOT2 + 2)).isEqualTo(1);
        assertThat(row(store, SLOT2, 0).exportUnits()).isEqualTo(2000L);
        assertThat(row(store, SLOT2, 0).exportStatus()).isEqualTo("0");
        assertThat(row(store, SLOT2, 0).revision()).isEqualTo(2);
        EngineStats st = e.stats();
        assertThat(st.exportPresent()).isEqualTo(4);
        assertThat(st.exportEstimated()).isZero();
        assertThat(st.exportMissing()).isZero();
        assertThat(st.exportRevised()).isEqualTo(2 + 3);
        assertThat(st.present()).isEqualTo(8);
        assertThat(e.gapPoints()).isZero();
    }

    @Test
    void a_meter_exchange_inside_an_export_slot_gives_missing_flagged_exchange_and_the_new_meter_continues() {
        MasterData master = Fixtures.master(1, 30);
        // exchanged 10 minutes into SLOT2 + 1: the exchange carries the normal registers (old final 112, new initial 0)
        master.addExchange(Fixtures.point(0), jp.ami.model.MeterId.of(1000), 112, jp.ami.model.MeterId.of(2000), 0,
                Slots.start(SLOT2 + 1).plusSeconds(600));
        MemoryStore store = new MemoryStore();
        SlotEngine e = engine(dir, master, store);
        ReadingBatch b = new ReadingBatch();
        reading(b, 1000, t(SLOT2 - 1), 100, 0x02, 1, 6);
        reading(b, 1000, t(SLOT2), 110, 0x02, 1, 6);
        reverseReading(b, 1000, t(SLOT2 - 1), 700, 0x02, 1, 6);
        reverseReading(b, 1000, t(SLOT2), 720, 0x02, 1, 6);
        for (int j = 1; j <= 2; j++) {
            reading(b, 2000, t(SLOT2 + j), 5L * j, 0x02, 1, 6);
            reverseReading(b, 2000, t(SLOT2 + j), 3L * j, 0x02, 1, 6);
        }
        e.accept(b);
        for (long k = SLOT2; k <= SLOT2 + 2; k++) {
            e.finalizeSlot(k);
        }
        assertThat(Vee.units(e.exportPacked(SLOT2, 0))).isEqualTo(2000L);
        long x = e.exportPacked(SLOT2 + 1, 0);
        assertThat(Vee.status(x)).isEqualTo(ValueStatus.MISSING);
        assertThat(Vee.flags(x) & Vee.EXCHANGE).isNotZero();
        long after = e.exportPacked(SLOT2 + 2, 0);
        assertThat(Vee.status(after)).isEqualTo(ValueStatus.PRESENT);
        assertThat(Vee.units(after)).isEqualTo(300L);
        // the import value of the exchange slot: (112 − 110) + (5 − 0) steps
        assertThat(row(store, SLOT2 + 1, 0).valueUnits()).isEqualTo(700L);
    }

    private static final Pattern EXPORT_ELEMENTS = Pattern.compile("(<JP06126>[^<]*</JP06126>)?<JP06127>[^<]*</JP06127>");

    @Test
    void files_carry_export_elements_for_pv_points_only_and_records_of_other_points_are_byte_identical() throws Exception {
        MasterData master = Fixtures.master(7);
        Path a = dir.resolve("pv");
        Path b = dir.resolve("nopv");
        SlotEngine withPv = runScenario(a, master, new MemoryStore(), true);
        SlotEngine without = runScenario(b, Fixtures.master(7), new MemoryStore(), false);
        // run both to the end of the JST day: the per-day files
        long last = Slots.index(LocalDate.of(2026, 11, 22), 48);
        for (SlotEngine e : new SlotEngine[] {withPv, without}) {
            e.expectSlots(SLOT2 + 4, last);
            e.finalizeDue(Slots.end(last).plusSeconds(3600));
        }
        String slotFile = FileNames.perSlotZip(SLOT2 + 1, 0, 1);
        String dayFile = FileNames.perDayZip(LocalDate.of(2026, 11, 22), 0, 1);
        for (String name : new String[] {slotFile, dayFile}) {
            // R0001 supplies the PV points 0, 2, 4, 6; R0002 the points 1, 3, 5 without PV
            String pv1 = xml(a.resolve("outbox/R0001").resolve(name));
            String none1 = xml(b.resolve("outbox/R0001").resolve(name));
            String pv2 = xml(a.resolve("outbox/R0002").resolve(name));
            String none2 = xml(b.resolve("outbox/R0002").resolve(name));
            assertThat(pv1).isNotEqualTo(none1);
            assertThat(EXPORT_ELEMENTS.matcher(pv1).replaceAll("")).as(name).isEqualTo(none1);
            if (name.equals(dayFile)) {
                assertThat(pv1).contains("<JP06127>9</JP06127>"); // point 4's NEGATIVE export in SLOT2, gaps after SLOT2 + 3
            }
            assertThat(pv2).as(name).isEqualTo(none2).doesNotContain("<JP06127>");
            assertThat(Files.readAllBytes(a.resolve("outbox/R0002").resolve(name)))
                    .isEqualTo(Files.readAllBytes(b.resolve("outbox/R0002").resolve(name)));
        }
        String pvSlot = xml(a.resolve("outbox/R0001").resolve(slotFile));
        assertThat(record(pvSlot, 0)).isEqualTo("<JPMR00010><JP06400>" + Fixtures.point(0).value()
                + "</JP06400><JP06122>0</JP06122><JP06125>0.1000</JP06125><JP06126>0.1800</JP06126><JP06127>0</JP06127></JPMR00010>");
        assertThat(record(pvSlot, 6)).as("point 6 has no export value before SLOT2 + 2").isEqualTo(
                record(xml(b.resolve("outbox/R0001").resolve(slotFile)), 6));
        // a PV point whose readings stopped: the import estimated at the cut-off (code 2, the load profile), the export
        // missing (no default export profile; its gap stays open)
        String later = xml(a.resolve("outbox/R0001").resolve(FileNames.perSlotZip(SLOT2 + 10, 0, 1)));
        assertThat(record(later, 0)).contains("<JP06122>2</JP06122><JP06125>").doesNotContain("<JP06126>")
                .endsWith("<JP06127>9</JP06127></JPMR00010>");
        // the day file: point 0 in slot 3 (SLOT2 + 1)
        String day = xml(a.resolve("outbox/R0001").resolve(dayFile));
        assertThat(day).contains("<JPMR00011><JP06400>" + Fixtures.point(0).value()
                + "</JP06400><JP06122>0</JP06122><JP06125>0.1000</JP06125><JP06126>0.1800</JP06126><JP06127>0</JP06127></JPMR00011>");
    }

    private static String record(String xml, int pointNumber) {
        Matcher m = Pattern.compile("<JPMR00010><JP06400>" + Fixtures.point(pointNumber).value() + "</JP06400>.*?</JPMR00010>")
                .matcher(xml);
        assertThat(m.find()).isTrue();
        return m.group();
    }

    static String xml(Path zip) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            in.getNextEntry();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
