package jp.ami.mdms.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import jp.ami.mdms.Fixtures;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.calendar.BusinessCalendar;
import jp.ami.model.calendar.ReadingCalendar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Four and a half days of an engine over 6 points in one reading group whose basic reading day, Sunday 22 November
 * 2026, moves past Labour Thanksgiving Day (Monday 23rd) to Tuesday the 24th. The MDMS starts on the 20th, so the
 * period is [20th, 24th). Registers: unit 0.01 kWh, point i gains {@code 5 + i} steps per slot.
 * <ul>
 *   <li>point 0: plain;</li>
 *   <li>point 1: its meter is exchanged on the 22nd in slot 10 (meter 1001 → 5001);</li>
 *   <li>point 2: switched from R0001 to R0002 at 00:00 of the 22nd, off the reading day;</li>
 *   <li>point 3: never reports;</li>
 *   <li>point 4: has rooftop PV: its reverse register (0xEB) gains 2 steps per slot;</li>
 *   <li>point 5: misses the readings of 23:00 – 00:30 around the reading day; they arrive after the month closed.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfirmedUsageTest {
    static final LocalDate START = LocalDate.of(2026, 11, 20);
    static final LocalDate READING_DAY = LocalDate.of(2026, 11, 24);
    static final long FIRST = Slots.index(START, 1);
    static final long EXCHANGE_SLOT = Slots.index(LocalDate.of(2026, 11, 22), 10);
    static final long SWITCH_SLOT = Slots.index(LocalDate.of(2026, 11, 22), 1);
    static final long OLD_FINAL = reg(1, EXCHANGE_SLOT - 1) + 2;
    static final long NEW_INITIAL = 70;
    /** The boundaries point 5 misses at first: the ends of slots 46, 47, 48 of the 23rd and slot 1 of the 24th. */
    static final long MISS_FROM = Slots.index(LocalDate.of(2026, 11, 23), 46);
    static final long MISS_TO = Slots.index(READING_DAY, 1);
    static final long LAST = Slots.index(READING_DAY, 4);

    @TempDir
    static Path dir;
    Outbox outbox;
    SlotEngine engine;
    final Map<String, Integer> published = new HashMap<>();

    static long reg(int i, long b) {
        return 1000 + i * 100 + (b - (FIRST - 1)) * (5 + i);
    }

    static long exportReg(long b) {
        return 500 + (b - (FIRST - 1)) * 2;
    }

    /** Energy of point i over slots (from, to], 0.0001 kWh (unit 0.01 kWh = 100 units per step). */
    static long units(int i, long fromBoundary, long toBoundary) {
        return (reg(i, toBoundary) - reg(i, fromBoundary)) * 100;
    }

    @BeforeAll
    void run() {
        MasterData master = masterOf();
        ReadingCalendar calendar = ReadingCalendar.of(Map.of(1, 22), BusinessCalendar.japan());
        MdmsConfig config = Fixtures.configBuilder(dir).readingCalendar(calendar).build();
        outbox = Outbox.open(config.outboxDir());
        engine = new SlotEngine(config, master, new jp.ami.mdms.MemoryStore(), new SlotFileWriter(config), outbox,
                new ManualClock(Slots.start(FIRST)));
        engine.addNoticeListener((retailer, name, kind, date, revision, points, size, at) ->
                published.merge(retailer.value() + "/" + name, points, Integer::sum));
        engine.expectSlots(FIRST, LAST);
        Fixtures.feedBoundaries(engine, FIRST - 1, LAST, (b, t, batch) -> {
            for (int i = 0; i < 6; i++) {
                if (i == 3 || (i == 5 && b >= MISS_FROM && b <= MISS_TO)) {
                    continue;
                }
                long meter = 1000 + i;
                long r = reg(i, b);
                if (i == 1 && b >= EXCHANGE_SLOT) {
                    meter = 5001;
                    r = NEW_INITIAL + reg(i, b) - OLD_FINAL;
                }
                batch.add(meter, t, r, (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 0);
                if (i == 4) { // rooftop PV: the reverse register (0xEB) gains 2 steps a slot
                    batch.add(meter, t, exportReg(b), (t + 300) * 1000, 1, 2, 0x02, 6, 1, 1, 0);
                }
            }
            if (b == MISS_TO + 2) { // re-collected after the month closed
                for (long m = MISS_FROM; m <= MISS_TO; m++) {
                    batch.add(1005, Slots.endEpochSecond(m), reg(5, m), (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 1);
                }
            }
        });
        engine.finalizeDue(Slots.end(LAST).plusSeconds(3600));
    }

    private Document xml(String retailer, String name) throws Exception {
        Path zip = outbox.dir().resolve(retailer).resolve(name);
        assertThat(zip).exists();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            assertThat(in.getNextEntry().getName()).isEqualTo(name.replace(".zip", ".xml"));
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new NonClosingStream(in));
        }
    }

    /** The JPMR00010 record of {@code point} in the notice, or null. */
    private static Element record(Document d, int point) {
        NodeList records = d.getElementsByTagName("JPMR00010");
        for (int i = 0; i < records.getLength(); i++) {
            Element e = (Element) records.item(i);
            if (text(e, "JP06400").equals(Fixtures.point(point).value())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent();
    }

    private static long kwhUnits(Element e, String tag) {
        return jp.ami.model.Kwh.parseUnits(text(e, tag));
    }

    @Test
    void the_monthly_notice_is_dated_on_the_reading_day_moved_past_a_sunday_and_a_holiday() throws Exception {
        Document r1 = xml("R0001", "W51220202611240000001.zip");
        Element head = (Element) r1.getElementsByTagName("JPTRM").item(0);
        assertThat(text(head, "JP00002")).isEqualTo("1220");
        assertThat(text(head, "JP06116")).isEqualTo("20261124");
        assertThat(text(head, "JP06401")).isEqualTo("202611");
        Element p0 = record(r1, 0);
        assertThat(text(p0, "JP06405")).isEqualTo("0");
        assertThat(text(p0, "JP06408")).isEqualTo("20261120");
        assertThat(text(p0, "JP06409")).isEqualTo("20261123");
        long expected = units(0, FIRST - 1, MISS_TO - 1);
        assertThat(kwhUnits(p0, "JP06426")).isEqualTo(expected);
        assertThat(kwhUnits(p0, "JP06429")).isEqualTo(expected);
        assertThat(text(p0, "JP06428")).isEqualTo("0");
        assertThat(p0.getElementsByTagName("JPMR00013").getLength()).isEqualTo(4);
        assertThat(p0.getElementsByTagName("JPMR00014").getLength()).isEqualTo(4 * 48);
        assertThat(kwhUnits(p0, "JP06445")).isEqualTo(5 * 100 * 2); // 5 steps of 0.01 kWh in 30 minutes = 0.1 kW
        assertThat(text(p0, "JP06446")).isEqualTo("20261222"); // Tuesday 22 December
    }

    @Test
    void a_month_with_a_meter_exchange_spans_both_meters_and_the_exchange_notice_splits_it() throws Exception {
        Element month = record(xml("R0002", "W51220202611240000001.zip"), 1);
        long total = units(1, FIRST - 1, MISS_TO - 1);
        assertThat(kwhUnits(month, "JP06426")).isEqualTo(total);
        assertThat(text(month, "JP06428")).isEqualTo("0");
        Element x = record(xml("R0002", "W51320202611230000001.zip"), 1);
        assertThat(text(x, "JP06452")).isEqualTo("1001");
        assertThat(text(x, "JP06454")).isEqualTo("5001");
        assertThat(kwhUnits(x, "JP06453")).isEqualTo(OLD_FINAL * 100);
        assertThat(kwhUnits(x, "JP06455")).isEqualTo(NEW_INITIAL * 100);
        assertThat(text(x, "JP06451")).isEqualTo("10");
        long old = (OLD_FINAL - reg(1, FIRST - 1)) * 100;
        assertThat(kwhUnits(x, "JP06456")).isEqualTo(old);
        long onNew = (reg(1, Slots.index(LocalDate.of(2026, 11, 22), 48)) - OLD_FINAL) * 100;
        assertThat(kwhUnits(x, "JP06457")).isEqualTo(onNew);
        assertThat(record(xml("R0002", "W51320202611230000001.zip"), 0)).isNull();
    }

    @Test
    void a_switch_off_the_reading_day_gives_the_outgoing_retailer_a_special_reading_and_both_add_up() throws Exception {
        Element special = record(xml("R0001", "W51420202611220000001.zip"), 2);
        Element month = record(xml("R0002", "W51220202611240000001.zip"), 2);
        assertThat(record(xml("R0001", "W51220202611240000001.zip"), 2)).isNull();
        long beforeSwitch = units(2, FIRST - 1, SWITCH_SLOT - 1);
        long afterSwitch = units(2, SWITCH_SLOT - 1, MISS_TO - 1);
        assertThat(kwhUnits(special, "JP06426")).isEqualTo(beforeSwitch);
        assertThat(text(special, "JP06409")).isEqualTo("20261121");
        assertThat(kwhUnits(month, "JP06426")).isEqualTo(afterSwitch);
        assertThat(text(month, "JP06408")).isEqualTo("20261122");
        assertThat(text(special, "JP06428")).isEqualTo("0");
        assertThat(text(month, "JP06428")).isEqualTo("0");
        assertThat(kwhUnits(special, "JP06426") + kwhUnits(month, "JP06426")).isEqualTo(units(2, FIRST - 1, MISS_TO - 1));
    }

    @Test
    void pv_export_is_totalled_in_the_notice_and_per_slot_beside_the_import() throws Exception {
        Element p4 = record(xml("R0001", "W51220202611240000001.zip"), 4);
        long export = (exportReg(MISS_TO - 1) - exportReg(FIRST - 1)) * 100;
        assertThat(kwhUnits(p4, "JP06432")).isEqualTo(export);
        assertThat(kwhUnits(p4, "JP06426")).isEqualTo(units(4, FIRST - 1, MISS_TO - 1)); // import unchanged by the export
        NodeList slots = p4.getElementsByTagName("JPMR00014");
        assertThat(slots.getLength()).isEqualTo(4 * 48);
        assertThat(kwhUnits((Element) slots.item(0), "JP06433")).isEqualTo(200);
        assertThat(text(record(xml("R0001", "W51220202611240000001.zip"), 0), "JP06432")).isNull(); // no PV, no export items
    }

    @Test
    void a_point_without_data_gets_the_cannot_provide_code_and_no_usage() throws Exception {
        Element p3 = record(xml("R0002", "W51220202611240000001.zip"), 3);
        assertThat(text(p3, "JP06405")).isEqualTo("1");
        assertThat(text(p3, "JP06426")).isNull();
        assertThat(engine.usage().stats().cannotProvide()).isEqualTo(1);
    }

    @Test
    void values_revised_after_the_month_closed_reissue_the_notice_with_the_next_revision() throws Exception {
        Element first = record(xml("R0002", "W51220202611240000001.zip"), 5);
        assertThat(text(first, "JP06428")).isEqualTo("2"); // the register at 00:00 of the reading day was unknown
        // slots 46, 47, 48 of the 23rd: the gap is still open at the close, the values estimated at the cut-off
        assertThat(text(first, "JP06434")).isEqualTo("0");
        assertThat(text(first, "JP06431")).isEqualTo("3");
        // the reading at 01:00 closes the gap: the three slots are estimated (revision 01), the register still unknown
        Element estimated = record(xml("R0002", "W51220202611240100001.zip"), 5);
        assertThat(text(estimated, "JP06431")).isEqualTo("3");
        assertThat(text(estimated, "JP06434")).isEqualTo("0");
        assertThat(text(estimated, "JP06428")).isEqualTo("2");
        // the re-collected readings replace the estimates and bring the register at 00:00 (revision 02)
        Element actual = record(xml("R0002", "W51220202611240200001.zip"), 5);
        assertThat(text(actual, "JP06428")).isEqualTo("0");
        assertThat(kwhUnits(actual, "JP06426")).isEqualTo(units(5, FIRST - 1, MISS_TO - 1));
        assertThat(kwhUnits(actual, "JP06429")).isEqualTo(units(5, FIRST - 1, MISS_TO - 1));
        assertThat(text(actual, "JP06431")).isEqualTo("0");
        // every point of the retailer's notice is in each re-issue; the other retailer's notice is not re-issued
        assertThat(published).containsEntry("R0002/W51220202611240200001.zip", published.get("R0002/W51220202611240000001.zip"));
        assertThat(published).doesNotContainKey("R0001/W51220202611240100001.zip");
        assertThat(engine.usage().stats().reissues()).isEqualTo(2);
    }

    @Test
    void every_notice_is_counted_and_listed_by_the_outbox_apart_from_the_values() {
        UsageStats s = engine.usage().stats();
        assertThat(s.monthly()).isEqualTo(6); // point 2's is R0002's; its special reading to R0001 is separate
        assertThat(s.specials()).isEqualTo(1);
        assertThat(s.exchanges()).isEqualTo(1);
        assertThat(outbox.listAfter("R0002", "W5", null)).extracting(f -> f.name()).containsExactly(
                "W51220202611240000001.zip", "W51220202611240100001.zip", "W51220202611240200001.zip", "W51320202611230000001.zip");
        assertThat(outbox.listAfter("R0002", "W4", null)).allMatch(f -> f.name().startsWith("W4")).isNotEmpty();
    }

    @Test
    void the_slot_rows_written_as_bytes_equal_what_the_xml_writer_writes() throws Exception {
        MdmsConfig config = Fixtures.configBuilder(dir).readingCalendar(ReadingCalendar.of(Map.of(1, 22), BusinessCalendar.japan())).build();
        MasterData master = masterOf();
        int n = master.registry().size();
        jp.ami.mdms.values.DayValues values = new jp.ami.mdms.values.DayValues(config.dataDir().resolve("days"), n);
        jp.ami.mdms.values.DayRegisters registers = new jp.ami.mdms.values.DayRegisters(config.dataDir().resolve("registers"), n);
        Map<Boolean, byte[]> out = new HashMap<>();
        for (boolean bytes : new boolean[] {true, false}) {
            Outbox o = Outbox.open(dir.resolve("compare-" + bytes));
            UsageNotices u = new UsageNotices(config, config.readingCalendar(), master, values, registers, engine::exportPacked, o,
                    new ManualClock(Slots.start(LAST)), () -> new jp.ami.mdms.xml.UsageFileWriter(config, bytes));
            assertThat(u.dayStarted(READING_DAY.toEpochDay(), READING_DAY.atTime(0, 50), true)).isEqualTo(2);
            out.put(bytes, Files.readAllBytes(o.dir().resolve("R0001").resolve("W51220202611240000001.zip")));
        }
        assertThat(out.get(true)).isEqualTo(out.get(false));
    }

    /** Last: it changes point 0's values, which the other tests read as first issued. */
    @Test
    @Order(Integer.MAX_VALUE)
    void an_operator_correction_after_the_month_closed_reissues_the_notice_with_the_corrected_total() throws Exception {
        long slot = Slots.index(LocalDate.of(2026, 11, 23), 40); // inside the closed period [20th, 24th)
        java.util.Set<String> before = w5Files("R0001");
        int p = masterOf().registry().indexOf(Fixtures.point(0)); // the engine's master data is built the same way
        long old = jp.ami.mdms.values.Vee.units(engine.days().get(slot, p));
        jp.ami.mdms.slots.CorrectionOutcome o = engine.correct(p, slot, old + 12_345,
                jp.ami.mdms.values.ValueStatus.ESTIMATED, Slots.end(LAST).plusSeconds(7200), 1, "ops", "test");
        java.util.List<String> added = w5Files("R0001").stream().filter(n -> !before.contains(n)).toList();
        assertThat(added).singleElement().satisfies(n -> assertThat(n).startsWith("W5122020261124"));
        Element p0 = record(xml("R0001", added.get(0)), 0);
        assertThat(kwhUnits(p0, "JP06426")).isEqualTo(units(0, FIRST - 1, MISS_TO - 1) + 12_345);
        assertThat(o.revision()).isPositive();
        assertThat(o.dayRevision()).isPositive(); // the 23rd's per-day files re-issued too
        assertThat(o.files()).isGreaterThanOrEqualTo(3); // per-slot, per-day and the notice
        assertThat(engine.stats().corrections()).isEqualTo(1);
    }

    private java.util.Set<String> w5Files(String retailer) throws Exception {
        try (java.util.stream.Stream<Path> s = Files.list(outbox.dir().resolve(retailer))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("W5"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static MasterData masterOf() {
        MasterData master = Fixtures.master(6, 60);
        master.addExchange(Fixtures.point(1), MeterId.of(1001), OLD_FINAL, MeterId.of(5001), NEW_INITIAL,
                Slots.start(EXCHANGE_SLOT).plusSeconds(600));
        master.registry().scheduleSwitch(Fixtures.point(2), SWITCH_SLOT, OperatorCode.of("R0002"));
        return master;
    }

    /** Lets the XML parser read the entry without closing the ZIP stream. */
    static final class NonClosingStream extends java.io.FilterInputStream {
        NonClosingStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
