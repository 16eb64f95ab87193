package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.xml.FileNames;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SlotFileTest {
    @TempDir
    Path dir;

    @Test
    void file_names_use_the_jst_slot_end_and_slot_48_ends_at_the_next_days_0000() {
        LocalDate day = LocalDate.of(2026, 11, 22);
        assertThat(FileNames.perSlotZip(Slots.index(day, 2), 0, 1)).isEqualTo("W41110202611220100000001.zip");
        assertThat(FileNames.perSlotZip(Slots.index(day, 48), 0, 1)).isEqualTo("W41110202611230000000001.zip");
        assertThat(FileNames.perSlotZip(Slots.index(day, 1), 3, 12)).isEqualTo("W41110202611220030030012.zip");
        assertThat(FileNames.perSlotXml(Slots.index(day, 2), 0, 1)).isEqualTo("W41110202611220100000001.xml");
        assertThat(FileNames.isW4Zip("W41110202611220100000001.zip")).isTrue();
        assertThat(FileNames.isW4Zip("../R0002/W41110202611220100000001.zip")).isFalse();
        assertThat(FileNames.isW4Zip("W41110202611220100000001.zip\n")).isFalse();
    }

    /** Runs one slot for 4 points (2 per retailer, one missing) and returns the outbox dir. */
    private Path publishSlot2(Path base, Charset encoding) {
        MdmsConfig config = Fixtures.configBuilder(base).encoding(encoding).build();
        MasterData master = Fixtures.master(4);
        SlotEngine engine = new SlotEngine(config, master, new MemoryStore(), new SlotFileWriter(config),
                Outbox.open(config.outboxDir()), new ManualClock(Instant.parse("2026-11-21T16:20:00Z")));
        ReadingBatch b = new ReadingBatch();
        for (int i = 0; i < 4; i++) {
            reading(b, 1000 + i, Slots.startEpochSecond(SLOT2), 1000, 0x02, 1, 6);
            if (i != 2) {
                reading(b, 1000 + i, Slots.endEpochSecond(SLOT2), 1015 + i, 0x02, 1, 6);
            }
        }
        engine.accept(b);
        engine.finalizeSlot(SLOT2);
        return config.outboxDir();
    }

    @Test
    void the_xml_inside_the_zip_has_the_header_and_one_record_per_point_in_id_order() throws Exception {
        Path outbox = publishSlot2(dir.resolve("a"), java.nio.charset.StandardCharsets.UTF_8);
        Path zip = outbox.resolve("R0001").resolve("W41110202611220100000001.zip");
        assertThat(zip).exists();
        assertThat(outbox.resolve("R0002").resolve("W41110202611220100000001.zip")).exists();
        byte[] xml = entry(zip, "W41110202611220100000001.xml");
        assertThat(new String(xml, java.nio.charset.StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><SBD-MSG><JPMGRP><JPMGH>");

        Document doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        assertThat(text(doc, "JPC03")).isEqualTo("20261122012000"); // slot end 01:00 JST + 20 min cut-off
        assertThat(text(doc, "JPC09")).isEqualTo("03T01");
        assertThat(text(doc, "JPC10")).isEqualTo("R0001");
        assertThat(text(doc, "JP00002")).isEqualTo("1110");
        assertThat(text(doc, "JP06110")).isEqualTo("03T01");
        assertThat(text(doc, "JP06111")).isEqualTo("東京エリア送配電");
        assertThat(text(doc, "JP06112")).isEqualTo("R0001");
        assertThat(text(doc, "JP06116")).isEqualTo("20261122");
        assertThat(text(doc, "JP06219")).isEqualTo("2");
        // R0001 has the even points 0 and 2; point 2 has no end reading: estimated at the cut-off from the load profile
        Map<String, String[]> records = records(doc);
        assertThat(records).containsOnlyKeys(Fixtures.point(0).value(), Fixtures.point(2).value());
        assertThat(new ArrayList<>(records.keySet())).containsExactly(Fixtures.point(0).value(), Fixtures.point(2).value());
        assertThat(records.get(Fixtures.point(0).value())).containsExactly("0", "0.1500");
        assertThat(records.get(Fixtures.point(2).value()))
                .containsExactly("2", jp.ami.model.Kwh.format(jp.ami.mdms.slots.LoadProfile.units(SLOT2, 30)));
    }

    @Test
    void the_same_input_gives_byte_identical_zips_also_in_shift_jis() throws Exception {
        String name = "W41110202611220100000001.zip";
        byte[] a = Files.readAllBytes(publishSlot2(dir.resolve("a"), java.nio.charset.StandardCharsets.UTF_8).resolve("R0002").resolve(name));
        byte[] b = Files.readAllBytes(publishSlot2(dir.resolve("b"), java.nio.charset.StandardCharsets.UTF_8).resolve("R0002").resolve(name));
        assertThat(b).isEqualTo(a);

        Path sjis = publishSlot2(dir.resolve("c"), Charset.forName("Shift_JIS")).resolve("R0002").resolve(name);
        byte[] xml = entry(sjis, "W41110202611220100000001.xml");
        assertThat(new String(xml, Charset.forName("Shift_JIS"))).startsWith("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>");
        Document doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        assertThat(text(doc, "JP06111")).isEqualTo("東京エリア送配電");
        assertThat(records(doc).get(Fixtures.point(3).value())).containsExactly("0", "0.1800");
    }

    private static byte[] entry(Path zip, String expectedName) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo(expectedName);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            assertThat(in.getNextEntry()).isNull();
            return out.toByteArray();
        }
    }

    private static String text(Document doc, String tag) {
        NodeList l = doc.getElementsByTagName(tag);
        assertThat(l.getLength()).as(tag).isEqualTo(1);
        return l.item(0).getTextContent();
    }

    private static Map<String, String[]> records(Document doc) {
        Map<String, String[]> out = new LinkedHashMap<>();
        NodeList recs = doc.getElementsByTagName("JPMR00010");
        for (int i = 0; i < recs.getLength(); i++) {
            Element r = (Element) recs.item(i);
            NodeList v = r.getElementsByTagName("JP06125");
            out.put(r.getElementsByTagName("JP06400").item(0).getTextContent(), new String[]{
                    r.getElementsByTagName("JP06122").item(0).getTextContent(), v.getLength() == 0 ? null : v.item(0).getTextContent()});
        }
        return out;
    }

    @Test
    void outbox_index_is_rebuilt_from_disk() {
        Path outbox = publishSlot2(dir.resolve("a"), java.nio.charset.StandardCharsets.UTF_8);
        Outbox reopened = Outbox.open(outbox);
        assertThat(reopened.list("R0001")).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("W41110202611220100000001.zip");
            assertThat(f.size()).isPositive();
        });
        assertThat(reopened.list("R0003")).isEmpty();
        assertThat(reopened.size()).isEqualTo(2);
        List<String> leftovers = new ArrayList<>();
        reopened.list("R0002").forEach(f -> leftovers.add(f.name()));
        assertThat(leftovers).containsExactly("W41110202611220100000001.zip");
    }
}
