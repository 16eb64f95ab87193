package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.LoadProfile;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.Kwh;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A whole JST day for 5 points, R0001 holding points 0, 2, 4 (records per file 2 → two split files). Point 2
 * misses the boundary at the end of slot 47; it is estimated, the per-day file is published after slot 48, then
 * the re-collected reading arrives late: slot 47's per-slot file is re-issued as revision 02, slot 48's as 01,
 * the store rows carry the new revisions, and the per-day file is re-issued as revision 01. A second scenario
 * re-issues a day's per-day files at the tick that moves the revision horizon past that day.
 */
class RevisionAndDayFileTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    static final long FIRST = Slots.index(DAY, 1);
    static final long S47 = Slots.index(DAY, 47);

    @TempDir
    Path dir;

    static long reg(int i, long b) {
        return 1000 + i * 100 + (b - FIRST) * (5 + i);
    }

    private MemoryStore runDay(Path base, Charset encoding) {
        MasterData master = Fixtures.master(5, 60);
        MemoryStore store = new MemoryStore();
        MdmsConfig config = Fixtures.configBuilder(base).recordsPerFile(2).encoding(encoding).build();
        SlotEngine engine = new SlotEngine(config, master, store, new SlotFileWriter(config), Outbox.open(config.outboxDir()),
                new ManualClock(Instant.parse("2026-11-22T00:00:00Z")));
        engine.expectSlots(FIRST, FIRST + 48); // the whole day and slot 1 of the next
        Fixtures.feedBoundaries(engine, FIRST - 1, FIRST + 48, (b, t, batch) -> {
            for (int i = 0; i < 5; i++) {
                if (!(i == 2 && b == S47)) {
                    batch.add(1000 + i, t, reg(i, b), (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 0);
                }
            }
            if (b == S47 + 2) { // re-collected, after the per-day file was published
                batch.add(1002, Slots.endEpochSecond(S47), reg(2, S47), (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 1);
            }
        });
        engine.finalizeDue(Slots.end(FIRST + 48).plusSeconds(3600));
        assertThat(engine.revision(S47)).isEqualTo(2);
        assertThat(engine.revision(S47 + 1)).isEqualTo(1);
        assertThat(engine.stats().dayFiles()).isEqualTo(2 + 1 + 2); // R0001: 2 splits, R0002: 1; re-issue for R0001
        return store;
    }

    @Test
    void late_readings_reissue_slot_and_day_files_with_the_next_revision_and_upsert_rows() throws Exception {
        MemoryStore store = runDay(dir.resolve("a"), StandardCharsets.UTF_8);
        Path r1 = dir.resolve("a").resolve("outbox").resolve("R0001");
        List<String> names;
        try (Stream<Path> s = Files.list(r1)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("W41120") || n.startsWith("W4111020261122233")
                    || n.startsWith("W41110202611230000")).sorted().toList();
        }
        assertThat(names).containsExactly(
                "W41110202611222330000001.zip", "W41110202611222330000002.zip", // slot 47, first issue, two splits
                "W41110202611222330010001.zip", "W41110202611222330010002.zip", // slot 47 revision 01 (estimated at slot 48's tick)
                "W41110202611222330020001.zip", "W41110202611222330020002.zip", // revision 02: the re-collected reading
                "W41110202611230000000001.zip", "W41110202611230000000002.zip", // slot 48
                "W41110202611230000010001.zip", "W41110202611230000010002.zip",
                "W41120202611220000000001.zip", "W41120202611220000000002.zip", // per-day, first issue
                "W41120202611220000010001.zip", "W41120202611220000010002.zip"); // per-day re-issue
        // the store keeps one row per (slot, point), upserted with the latest revision
        StoredValue p2 = store.read(S47).stream().filter(v -> v.supplyPointId().equals(Fixtures.point(2).value())).findFirst().orElseThrow();
        assertThat(p2.revision()).isEqualTo(2);
        assertThat(p2.status()).isEqualTo("0");
        assertThat(p2.valueUnits()).isEqualTo(7 * 100L); // 7 steps of 0.01 kWh
        assertThat(store.read(S47)).hasSize(5);

        // slot 47: point 2 first estimated at the cut-off (code 2), revision 01 estimated (its two-slot gap of 14 steps
        // shaped by the load profile of slots 47 and 48, no history of its own), revision 02: measured
        Document rev0 = xml(r1.resolve("W41110202611222330000001.zip"));
        assertThat(record(rev0, "JPMR00010", Fixtures.point(2).value())[0]).isEqualTo("2");
        Document rev1 = xml(r1.resolve("W41110202611222330010001.zip"));
        long w47 = LoadProfile.perMille(47), w48 = LoadProfile.perMille(48);
        assertThat(record(rev1, "JPMR00010", Fixtures.point(2).value())).containsExactly("1", Kwh.format(1400 * w47 / (w47 + w48)));
        Document rev2 = xml(r1.resolve("W41110202611222330020001.zip"));
        assertThat(record(rev2, "JPMR00010", Fixtures.point(2).value())).containsExactly("0", "0.0700");

        // per-day: 48 JPMR00010 (one per slot), each with JPM00011 / JPMR00011 per point of this split
        Document day0 = xml(r1.resolve("W41120202611220000000001.zip"));
        assertThat(day0.getElementsByTagName("JP00002").item(0).getTextContent()).isEqualTo("1120");
        assertThat(day0.getElementsByTagName("JP06116").item(0).getTextContent()).isEqualTo("20261122");
        NodeList slots = day0.getElementsByTagName("JPMR00010");
        assertThat(slots.getLength()).isEqualTo(48);
        Element slot47 = (Element) slots.item(46);
        assertThat(slot47.getElementsByTagName("JP06219").item(0).getTextContent()).isEqualTo("47");
        assertThat(slot47.getElementsByTagName("JPMR00011").getLength()).isEqualTo(2); // points 0 and 2 in split 1
        assertThat(record(slot47, "JPMR00011", Fixtures.point(2).value())).containsExactly("1", Kwh.format(1400 * w47 / (w47 + w48)));
        Element slot47rev = (Element) xml(r1.resolve("W41120202611220000010001.zip")).getElementsByTagName("JPMR00010").item(46);
        assertThat(record(slot47rev, "JPMR00011", Fixtures.point(2).value())).containsExactly("0", "0.0700");
        Document split2 = xml(r1.resolve("W41120202611220000000002.zip"));
        assertThat(((Element) split2.getElementsByTagName("JPMR00010").item(0)).getElementsByTagName("JP06400").item(0).getTextContent())
                .isEqualTo(Fixtures.point(4).value());
    }

    /**
     * Point 0 misses the boundary at the end of the day's slot 48 (MISSING, then ESTIMATED as revision 01 once the
     * next boundary arrives; the per-day file of the day is re-issued as 01). Its re-collected reading arrives just
     * before the tick of slot 1 two days later (slot 48 + 97): slot 48 is then the last slot still inside the
     * revision horizon, and that very tick moves the horizon past its day. The per-day file of the day must still be
     * re-issued, as revision 02 (the day's number must not be forgotten before this tick's per-day files are out).
     */
    @Test
    void a_revision_of_the_last_slot_of_a_day_at_the_tick_that_moves_the_horizon_past_the_day_reissues_its_per_day_files()
            throws Exception {
        long s48 = Slots.index(DAY, 48);
        long tick = s48 + SlotEngine.REVISION_HORIZON_SLOTS + 1; // slot 1 of DAY + 3: its horizon starts on DAY + 1
        assertThat(Slots.number(tick)).isEqualTo(1);
        assertThat(Slots.jstEpochDay(tick - SlotEngine.REVISION_HORIZON_SLOTS)).isEqualTo(DAY.toEpochDay() + 1);
        Path base = dir.resolve("h");
        MasterData master = Fixtures.master(2, 60);
        MemoryStore store = new MemoryStore();
        MdmsConfig config = Fixtures.configBuilder(base).build();
        try (SlotEngine engine = new SlotEngine(config, master, store, new SlotFileWriter(config), Outbox.open(config.outboxDir()),
                new ManualClock(Instant.parse("2026-11-22T00:00:00Z")))) {
            engine.expectSlots(FIRST, tick);
            // at each boundary b, first the tick of slot b - 1
            Fixtures.feedBoundaries(engine, FIRST - 1, tick, (b, t, batch) -> {
                for (int i = 0; i < 2; i++) {
                    if (!(i == 0 && b == s48)) {
                        batch.add(1000 + i, t, reg(i, b), (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 0);
                    }
                }
                if (b == tick) { // re-collected after the tick of slot 48 of DAY + 2: slot 48 of DAY is still in the horizon
                    assertThat(engine.revision(s48)).isEqualTo(1);
                    batch.add(1000, Slots.endEpochSecond(s48), reg(0, s48), (t + 300) * 1000, 1, 1, 0x02, 6, 1, 0, 1);
                }
            });
            assertThat(engine.finalizeDue(engine.dueAt(tick))).isEqualTo(1); // the tick of slot `tick`
            assertThat(engine.revision(s48)).isEqualTo(-1); // beyond the horizon now
            assertThat(engine.revision(s48 + 1)).isEqualTo(1);
        }
        // the slot's revision: 02 in the store and in the per-slot file names
        StoredValue p0 = store.read(s48).stream().filter(v -> v.supplyPointId().equals(Fixtures.point(0).value())).findFirst().orElseThrow();
        assertThat(p0.revision()).isEqualTo(2);
        assertThat(p0.status()).isEqualTo("0");
        Path r1 = base.resolve("outbox").resolve("R0001");
        List<String> names;
        try (Stream<Path> s = Files.list(r1)) {
            names = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("W41120") || n.startsWith("W41110202611230000") || n.startsWith("W41110202611230030"))
                    .sorted().toList();
        }
        assertThat(names).containsExactly(
                "W41110202611230000000001.zip", // slot 48 of DAY: estimated at the cut-off
                "W41110202611230000010001.zip", // 01: ESTIMATED
                "W41110202611230000020001.zip", // 02: measured, at the horizon tick
                "W41110202611230030000001.zip", // slot 1 of DAY + 1: ESTIMATED
                "W41110202611230030010001.zip", // 01: measured
                "W41120202611220000000001.zip", // per-day DAY
                "W41120202611220000010001.zip",
                "W41120202611220000020001.zip", // re-issued at the horizon tick
                "W41120202611230000000001.zip", // per-day DAY + 1
                "W41120202611230000010001.zip", // re-issued at the horizon tick
                "W41120202611240000000001.zip"); // per-day DAY + 2
        assertThat(record(xml(r1.resolve("W41110202611230000020001.zip")), "JPMR00010", Fixtures.point(0).value()))
                .containsExactly("0", "0.0500"); // 5 steps of 0.01 kWh
        Document day = xml(r1.resolve("W41120202611220000020001.zip"));
        Element slot48 = (Element) day.getElementsByTagName("JPMR00010").item(47);
        assertThat(slot48.getElementsByTagName("JP06219").item(0).getTextContent()).isEqualTo("48");
        assertThat(record(slot48, "JPMR00011", Fixtures.point(0).value())).containsExactly("0", "0.0500");
        Element before = (Element) xml(r1.resolve("W41120202611220000010001.zip")).getElementsByTagName("JPMR00010").item(47);
        long w48 = LoadProfile.perMille(48), w1 = LoadProfile.perMille(1); // the two-slot gap (10 steps) by the profile
        assertThat(record(before, "JPMR00011", Fixtures.point(0).value())).containsExactly("1", Kwh.format(1000 * w48 / (w48 + w1)));
    }

    @Test
    void the_same_input_gives_byte_identical_files_in_utf8_and_shift_jis() throws Exception {
        runDay(dir.resolve("a"), StandardCharsets.UTF_8);
        runDay(dir.resolve("b"), StandardCharsets.UTF_8);
        runDay(dir.resolve("c"), Charset.forName("Shift_JIS"));
        String day = "W41120202611220000010001.zip";
        byte[] a = Files.readAllBytes(dir.resolve("a/outbox/R0001").resolve(day));
        byte[] b = Files.readAllBytes(dir.resolve("b/outbox/R0001").resolve(day));
        assertThat(a).isEqualTo(b);
        byte[] sjis = unzip(dir.resolve("c/outbox/R0001").resolve(day));
        String text = new String(sjis, Charset.forName("Shift_JIS"));
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>").contains("東京エリア送配電");
        assertThat(sjis).isNotEqualTo(unzip(dir.resolve("a/outbox/R0001").resolve(day)));
    }

    private static String[] record(Object parent, String tag, String pointId) {
        NodeList recs = parent instanceof Document d ? d.getElementsByTagName(tag) : ((Element) parent).getElementsByTagName(tag);
        for (int i = 0; i < recs.getLength(); i++) {
            Element r = (Element) recs.item(i);
            if (r.getElementsByTagName("JP06400").item(0).getTextContent().equals(pointId)) {
                NodeList v = r.getElementsByTagName("JP06125");
                return new String[]{r.getElementsByTagName("JP06122").item(0).getTextContent(), v.getLength() == 0 ? null : v.item(0).getTextContent()};
            }
        }
        throw new AssertionError("no record of " + pointId);
    }

    private static byte[] unzip(Path zip) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo(zip.getFileName().toString().replace(".zip", ".xml"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static Document xml(Path zip) throws Exception {
        return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(unzip(zip)));
    }
}
