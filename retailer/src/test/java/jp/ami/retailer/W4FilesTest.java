package jp.ami.retailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class W4FilesTest {
    static final String SLOT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <SBD-MSG><JPMGRP>
              <JPMGH><JPC03>2026-11-22T01:20:00+09:00</JPC03><JPC09>03T01</JPC09><JPC10>R0013</JPC10></JPMGH>
              <JPTRM>
                <JP00002>1110</JP00002><JP06110>03T01</JP06110><JP06111>東京エリア送配電</JP06111>
                <JP06112>R0013</JP06112><JP06116>20261122</JP06116><JP06219>2</JP06219>
                <JPM00010>
                  <JPMR00010><JP06400>0310111001234567890000</JP06400><JP06122>0</JP06122><JP06125>0.1520</JP06125></JPMR00010>
                  <JPMR00010><JP06400>0310111001234567890100</JP06400><JP06122>9</JP06122></JPMR00010>
                </JPM00010>
              </JPTRM>
            </JPMGRP></SBD-MSG>
            """;
    static final String DAY = """
            <?xml version="1.0" encoding="Shift_JIS"?>
            <SBD-MSG><JPMGRP><JPMGH/><JPTRM><JP00002>1120</JP00002><JP06111>東京</JP06111><JP06116>20261121</JP06116>
              <JPM00010>
                <JPMR00010><JP06219>1</JP06219><JPM00011>
                  <JPMR00011><JP06400>0310111001234567890000</JP06400><JP06122>0</JP06122><JP06125>1.0000</JP06125></JPMR00011>
                </JPM00011></JPMR00010>
                <JPMR00010><JP06219>48</JP06219><JPM00011>
                  <JPMR00011><JP06400>0310111001234567890000</JP06400><JP06122>1</JP06122><JP06125>0.2500</JP06125></JPMR00011>
                  <JPMR00011><JP06400>0310111001234567890100</JP06400><JP06122>0</JP06122><JP06125>0.0001</JP06125></JPMR00011>
                </JPM00011></JPMR00010>
              </JPM00010></JPTRM></JPMGRP></SBD-MSG>
            """;

    @TempDir
    Path dir;

    static String csv(String xml, Charset cs) throws IOException {
        StringWriter out = new StringWriter();
        W4Files.toCsv(new ByteArrayInputStream(xml.strip().getBytes(cs)), out);
        return out.toString();
    }

    @Test
    void perSlotFileToCsv() throws IOException {
        assertThat(csv(SLOT, StandardCharsets.UTF_8)).isEqualTo("""
                0310111001234567890000,2026-11-22,2,0,0.1520
                0310111001234567890100,2026-11-22,2,9,
                """);
    }

    @Test
    void perDayShiftJisFileToCsv() throws IOException {
        assertThat(csv(DAY, Charset.forName("Shift_JIS"))).isEqualTo("""
                0310111001234567890000,2026-11-21,1,0,1.0000
                0310111001234567890000,2026-11-21,48,1,0.2500
                0310111001234567890100,2026-11-21,48,0,0.0001
                """);
    }

    @Test
    void externalEntitiesAndDtdsAreRefused() {
        Path secret = dir.resolve("secret.txt");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<SBD-MSG><JPTRM><JP06116>20261122</JP06116><JP06219>1</JP06219><JPMR00010><JP06400>&e;</JP06400>"
                + "</JPMR00010></JPTRM></SBD-MSG>";
        assertThatThrownBy(() -> csv(xxe, StandardCharsets.UTF_8)).isInstanceOf(IOException.class);
    }

    @Test
    void unzipAndCsvFromZip() throws IOException {
        Path zip = dir.resolve("W41110202611220100000001.zip");
        zip(zip, "W41110202611220100000001.xml", SLOT.strip().getBytes(StandardCharsets.UTF_8));
        assertThat(W4Files.unzip(zip, dir.resolve("xml"))).containsExactly(dir.resolve("xml/W41110202611220100000001.xml"));
        Path csv = dir.resolve("csv/x.csv");
        assertThat(W4Files.zipToCsv(zip, csv)).isEqualTo(2);
        assertThat(Files.readString(csv)).startsWith(W4Files.CSV_HEADER + "\n0310111001234567890000,2026-11-22,2,0,0.1520\n");

        Path evil = dir.resolve("evil.zip");
        zip(evil, "../../escape.xml", new byte[] {1});
        assertThatThrownBy(() -> W4Files.unzip(evil, dir.resolve("xml2"))).hasMessageContaining("unexpected entry");
        assertThat(dir.getParent().resolve("escape.xml")).doesNotExist();
    }

    static byte[] zipBytes() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("W41110202611220200000001.xml"));
            z.write(SLOT.strip().getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return b.toByteArray();
    }

    static void zip(Path zip, String entry, byte[] content) throws IOException {
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content);
            z.closeEntry();
        }
    }
}
