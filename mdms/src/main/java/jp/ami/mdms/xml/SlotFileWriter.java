package jp.ami.mdms.xml;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.values.DayValues;
import jp.ami.mdms.values.ExportIndex;
import jp.ami.mdms.values.SlotValues;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Kwh;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * Writes the per-slot low-voltage 30-minute value file of one retailer: a ZIP with one XML entry.
 *
 * <p>XML (SPEC §4), written with the JDK's StAX implementation, no indentation:
 * <pre>
 * &lt;?xml version="1.0" encoding="UTF-8"?&gt;
 * SBD-MSG / JPMGRP
 *   JPMGH   JPC03 created-at: {@code yyyyMMddHHmmss} JST = the slot's cut-off time (slot end + cutoff); for a
 *           re-issue (revision ≥ 01) the cut-off of the tick that issued it; for the per-day file the cut-off
 *           of slot 48 (or of the re-issuing tick)
 *           JPC09 sender = TSO code, JPC10 receiver = retailer code
 *   JPTRM   JP00002 1110, JP06110 TSO code, JP06111 TSO name, JP06112 retailer,
 *           JP06116 YYYYMMDD = JST date of the slot (slot 48 belongs to the day it starts in),
 *           JP06219 slot number 1–48,
 *           JPM00010 / JPMR00010 per supply point in ascending supply-point-ID order:
 *             JP06400 supply point ID, JP06122 status code, JP06125 kWh with 4 decimals (omitted when missing),
 *             and for a point with an export value (PV, reverse direction) in the slot:
 *             JP06126 export kWh with 4 decimals (omitted when the export value is missing),
 *             JP06127 export status code (the same configured codes as JP06122)
 * </pre>
 * <b>Export elements (our choice).</b> The official XSD is not public and the structure seen in real files has no
 * export value, so the two data-element codes after JP06125 carry it: {@code JP06126} (export 30-minute value, kWh,
 * like JP06125) and {@code JP06127} (its status, like JP06122), in that order, at the end of the record, in the
 * per-slot (W41110) and per-day (W41120) files alike. Both are omitted for a point without an export value in the
 * slot, so the records (and files) of points without PV are byte-identical to those written before export values
 * existed.
 * Output is deterministic: created-at derives from the slot, the ZIP entry's time is the same created-at
 * (JST local, DOS format, no extra fields) and the deflate level is fixed, so the same input gives the same
 * bytes. Not thread-safe (reuses buffers); one writer per engine thread.
 */
public final class SlotFileWriter {
    /**
     * Deflate level of the ZIP files: fastest. At utility scale deflating is the slowest step of finalising a slot;
     * {@code DeflateLevelBenchmark} (one retailer's 100,000-record XML) deflates 3.0 M records/s at level 1 against
     * 1.07 M/s at the default level 6, for 11.6 instead of 9.2 bytes per record (9.4× instead of 11.8× smaller).
     */
    static final int ZIP_LEVEL = Deflater.BEST_SPEED;
    private final MdmsConfig config;
    private final XMLOutputFactory factory = XMLOutputFactory.newDefaultFactory();
    private final StringBuilder text = new StringBuilder(32);
    private char[] chars = new char[32];
    private final char[] idChars = new char[jp.ami.model.SupplyPointId.LENGTH];
    /**
     * The status codes as bytes when the record rows can be written straight as bytes (see {@link RecordBytes}),
     * else null: the encoding writes ASCII as itself and every status code is plain ASCII letters and digits.
     */
    private final byte[][] statusBytes;
    /** The JP06122 codes by {@link ValueStatus#codeIndex}. */
    private final String[] codes;
    private final RecordBytes rows = new RecordBytes();
    /** Tests turn the byte path off to compare it with the XML writer's own output. */
    boolean recordsAsBytes = true;

    public SlotFileWriter(MdmsConfig config) {
        this.config = config;
        this.statusBytes = plainAscii(config);
        this.codes = ValueStatus.codes(config);
    }

    /** Whether record rows go out as bytes (the encoding and status codes allow it, and tests did not turn it off). */
    boolean writesRecordsAsBytes() {
        return statusBytes != null && recordsAsBytes;
    }

    /** The status codes as bytes when records can be written as bytes under {@code config}, else null. */
    static byte[][] plainAscii(MdmsConfig config) {
        java.nio.charset.Charset cs = config.encoding();
        String probe = "<JPMR00010></JP06125>0123456789.-";
        if (!java.util.Arrays.equals(probe.getBytes(cs), probe.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return null;
        }
        String[] codes = ValueStatus.codes(config);
        byte[][] out = new byte[codes.length][];
        for (int i = 0; i < codes.length; i++) {
            if (codes[i].isEmpty() || !codes[i].chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                return null;
            }
            out[i] = codes[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** The created-at instant of a slot's files as JST local time: slot end + cutoff. */
    public LocalDateTime createdAt(long slotIndex) {
        return Slots.jstEnd(slotIndex).plus(config.cutoff());
    }

    /**
     * Writes the ZIP of {@code retailer}'s points to {@code out} (not closed).
     *
     * @param points indexes of the points to include, already in supply-point-ID order
     * @param from   first position in {@code points} to use
     * @param to     position after the last one to use
     */
    public void writeZip(SlotValues values, OperatorCode retailer, int[] points, int from, int to, OutputStream out) throws IOException {
        writeZip(values, retailer, points, from, to, 1, createdAt(values.slotIndex()), out);
    }

    /**
     * Writes split file {@code split} of {@code retailer}'s points; {@code createdAt} (JST) goes into JPC03 and
     * the ZIP entry time: the slot's cut-off for the first issue, the revising cut-off for a re-issue.
     */
    public void writeZip(SlotValues values, OperatorCode retailer, int[] points, int from, int to, int split,
                         LocalDateTime createdAt, OutputStream out) throws IOException {
        zip(out, FileNames.perSlotXml(values.slotIndex(), values.revision(), split), createdAt,
                xml -> writeXml(values, retailer, points, from, to, createdAt, xml));
    }

    /** What goes into a ZIP's one entry. */
    @FunctionalInterface
    interface EntryContent {
        void write(OutputStream entry) throws IOException;
    }

    /**
     * Writes a ZIP with the one entry {@code entryName}, stamped {@code createdAt} (JST local, DOS format) and deflated
     * at {@link #ZIP_LEVEL}, whose content {@code content} writes to a buffered stream it must not close.
     */
    static void zip(OutputStream out, String entryName, LocalDateTime createdAt, EntryContent content) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(ZIP_LEVEL);
        ZipEntry entry = new ZipEntry(entryName);
        entry.setTimeLocal(createdAt.withNano(0));
        zip.putNextEntry(entry);
        // the XML writer emits many tiny writes; deflating each one separately is ~25× slower
        BufferedOutputStream buffered = new BufferedOutputStream(new NonClosing(zip), 64 * 1024);
        content.write(buffered);
        buffered.flush();
        zip.closeEntry();
        zip.finish();
    }

    /** Writes the XML document of {@code retailer}'s points {@code points[from … to)} to {@code out} (not closed). */
    public void writeXml(SlotValues values, OperatorCode retailer, int[] points, int from, int to, OutputStream out) throws IOException {
        writeXml(values, retailer, points, from, to, createdAt(values.slotIndex()), out);
    }

    private void writeXml(SlotValues values, OperatorCode retailer, int[] points, int from, int to, LocalDateTime createdAt,
                          OutputStream out) throws IOException {
        long slot = values.slotIndex();
        String enc = config.encoding().name();
        try {
            XMLStreamWriter w = factory.createXMLStreamWriter(out, enc);
            startMessage(w, enc, retailer, createdAt, FileNames.INFO_CLASS_LOW_VOLTAGE_PER_SLOT, Slots.jstDate(slot));
            element(w, "JP06219", Integer.toString(Slots.number(slot)));
            w.writeStartElement("JPM00010");
            var registry = values.master().registry();
            if (statusBytes != null && recordsAsBytes) {
                rows.begin(w, out);
                for (int i = from; i < to; i++) {
                    int p = points[i];
                    long x = values.exportPacked(p);
                    if (Vee.isSet(x)) {
                        ValueStatus xs = Vee.status(x);
                        rows.record(RecordBytes.SLOT_ROW, registry, p, statusBytes[ValueStatus.codeIndex(values.status(p), values.flags(p))],
                                values.status(p) != ValueStatus.MISSING, values.units(p), statusBytes[ValueStatus.codeIndex(x)],
                                xs != ValueStatus.MISSING, Vee.units(x));
                    } else {
                        rows.record(RecordBytes.SLOT_ROW, registry, p, statusBytes[ValueStatus.codeIndex(values.status(p), values.flags(p))],
                                values.status(p) != ValueStatus.MISSING, values.units(p));
                    }
                }
                rows.end();
            } else {
                for (int i = from; i < to; i++) {
                    int p = points[i];
                    record(w, "JPMR00010", registry, p, values.status(p), values.flags(p), values.units(p), values.exportPacked(p));
                }
            }
            endMessage(w);
        } catch (XMLStreamException e) {
            throw new IOException("cannot write XML of slot " + slot + " for " + retailer, e);
        }
    }

    /** One record; {@code exportPacked} is the point's {@link Vee#pack packed} export value, 0 when it has none. */
    private void record(XMLStreamWriter w, String tag, SupplyRegistry registry, int point, ValueStatus s, int flags, long units,
                        long exportPacked) throws XMLStreamException {
        w.writeStartElement(tag);
        registry.pointChars(point, idChars, 0);
        w.writeStartElement("JP06400");
        w.writeCharacters(idChars, 0, idChars.length);
        w.writeEndElement();
        element(w, "JP06122", codes[ValueStatus.codeIndex(s, flags)]);
        if (s != ValueStatus.MISSING) {
            kwhElement(w, "JP06125", units);
        }
        if (Vee.isSet(exportPacked)) {
            ValueStatus xs = Vee.status(exportPacked);
            if (xs != ValueStatus.MISSING) {
                kwhElement(w, "JP06126", Vee.units(exportPacked));
            }
            element(w, "JP06127", codes[ValueStatus.codeIndex(exportPacked)]);
        }
        w.writeEndElement();
    }

    private void kwhElement(XMLStreamWriter w, String tag, long units) throws XMLStreamException {
        text.setLength(0);
        Kwh.appendTo(text, units);
        int n = text.length();
        if (chars.length < n) {
            chars = new char[n * 2];
        }
        text.getChars(0, n, chars, 0);
        w.writeStartElement(tag);
        w.writeCharacters(chars, 0, n);
        w.writeEndElement();
    }

    /**
     * Writes the per-day file (information class 1120) of {@code retailer}: the ZIP with one XML entry
     * <pre>
     * SBD-MSG / JPMGRP / JPMGH (JPC03 created-at, JPC09, JPC10) and JPTRM:
     *   JP00002 1120, JP06110, JP06111, JP06112 retailer, JP06116 YYYYMMDD,
     *   JPM00010 / JPMR00010 per slot 1–48: JP06219 slot number,
     *     JPM00011 / JPMR00011 per supply point supplied by the retailer in that slot (ID order):
     *       JP06400, JP06122, JP06125 (omitted when missing),
     *       JP06126, JP06127 for a point with an export value in that slot (as in the per-slot file)
     * </pre>
     * {@code points[from … to)} (ID order) are the points of this split; {@code day} holds their issued values.
     */
    public void writeDayZip(LocalDate date, int revision, int split, MasterData master, OperatorCode retailer,
                            int retailerIndex, int[] points, int from, int to, DayValues day,
                            LocalDateTime createdAt, OutputStream out) throws IOException {
        writeDayZip(date, revision, split, master, retailer, retailerIndex, points, from, to, day, null, null, createdAt, out);
    }

    /**
     * {@link #writeDayZip(LocalDate, int, int, MasterData, OperatorCode, int, int[], int, int, DayValues, LocalDateTime,
     * OutputStream) writeDayZip} with the export values: {@code exportDays} holds the issued export values by the export
     * index of {@code exportIndex} (both null: no export values).
     */
    public void writeDayZip(LocalDate date, int revision, int split, MasterData master, OperatorCode retailer,
                            int retailerIndex, int[] points, int from, int to, DayValues day, ExportIndex exportIndex,
                            DayValues exportDays, LocalDateTime createdAt, OutputStream out) throws IOException {
        writeDayZip(date, revision, split, master, retailer, retailerIndex, points, from, to, new DayEntries() {
            @Override
            public long packed(long slotIndex, int point) {
                return day.get(slotIndex, point);
            }

            @Override
            public long exportPacked(long slotIndex, int point) {
                int e = exportIndex == null ? -1 : exportIndex.of(point);
                return e < 0 ? 0 : exportDays.get(slotIndex, e);
            }
        }, createdAt, out);
    }

    /** The values a per-day file is written from, by (slot, supply point): {@link Vee#pack packed}, 0 = none. */
    public interface DayEntries {
        /** The point's value in the slot (0: nothing issued, written as missing). */
        long packed(long slotIndex, int point);

        /** The point's export value in the slot (0: none, no export elements). */
        long exportPacked(long slotIndex, int point);
    }

    /**
     * {@link #writeDayZip(LocalDate, int, int, MasterData, OperatorCode, int, int[], int, int, DayValues, ExportIndex,
     * DayValues, LocalDateTime, OutputStream) writeDayZip} from any {@link DayEntries} (a re-issue: the stored values).
     */
    public void writeDayZip(LocalDate date, int revision, int split, MasterData master, OperatorCode retailer,
                            int retailerIndex, int[] points, int from, int to, DayEntries entries, LocalDateTime createdAt,
                            OutputStream out) throws IOException {
        zip(out, FileNames.perDayXml(date, revision, split), createdAt,
                xml -> writeDayXml(date, master, retailer, retailerIndex, points, from, to, entries, createdAt, xml));
    }

    private void writeDayXml(LocalDate date, MasterData master, OperatorCode retailer, int retailerIndex,
                             int[] points, int from, int to, DayEntries entries, LocalDateTime createdAt, OutputStream out)
            throws IOException {
        String enc = config.encoding().name();
        long first = Slots.index(date, 1);
        var registry = master.registry();
        try {
            XMLStreamWriter w = factory.createXMLStreamWriter(out, enc);
            startMessage(w, enc, retailer, createdAt, FileNames.INFO_CLASS_LOW_VOLTAGE_PER_DAY, date);
            w.writeStartElement("JPM00010");
            for (int n = 1; n <= Slots.SLOTS_PER_DAY; n++) {
                long slot = first + n - 1;
                w.writeStartElement("JPMR00010");
                element(w, "JP06219", Integer.toString(n));
                w.writeStartElement("JPM00011");
                boolean bytes = statusBytes != null && recordsAsBytes;
                if (bytes) {
                    rows.begin(w, out);
                }
                for (int i = from; i < to; i++) {
                    int p = points[i];
                    if (registry.retailerIndexAt(p, slot) != retailerIndex) {
                        continue;
                    }
                    long v = entries.packed(slot, p);
                    ValueStatus s = Vee.isSet(v) ? Vee.status(v) : ValueStatus.MISSING;
                    long x = entries.exportPacked(slot, p);
                    if (bytes && Vee.isSet(x)) {
                        ValueStatus xs = Vee.status(x);
                        rows.record(RecordBytes.DAY_ROW, registry, p, statusBytes[ValueStatus.codeIndex(v)], s != ValueStatus.MISSING,
                                Vee.units(v), statusBytes[ValueStatus.codeIndex(x)], xs != ValueStatus.MISSING, Vee.units(x));
                    } else if (bytes) {
                        rows.record(RecordBytes.DAY_ROW, registry, p, statusBytes[ValueStatus.codeIndex(v)], s != ValueStatus.MISSING,
                                Vee.units(v));
                    } else {
                        record(w, "JPMR00011", registry, p, s, Vee.isSet(v) ? Vee.flags(v) : 0, Vee.units(v), x);
                    }
                }
                if (bytes) {
                    rows.end();
                }
                w.writeEndElement(); // JPM00011
                w.writeEndElement(); // JPMR00010
            }
            endMessage(w);
        } catch (XMLStreamException e) {
            throw new IOException("cannot write per-day XML of " + date + " for " + retailer, e);
        }
    }

    /**
     * Opens a message and writes what every file kind shares: the group header (created-at, sender, receiver)
     * and the transaction header up to the date (information class, TSO code and name, retailer, JP06116).
     * Leaves {@code JPTRM} open for the kind's own elements.
     */
    private void startMessage(XMLStreamWriter w, String enc, OperatorCode retailer, LocalDateTime createdAt, String infoClass,
                              java.time.LocalDate day) throws XMLStreamException {
        startMessage(w, config, enc, retailer, createdAt, infoClass, day);
    }

    /** {@link #startMessage(XMLStreamWriter, String, OperatorCode, LocalDateTime, String, LocalDate)} for any file kind of {@code config}. */
    static void startMessage(XMLStreamWriter w, MdmsConfig config, String enc, OperatorCode retailer, LocalDateTime createdAt,
                             String infoClass, java.time.LocalDate day) throws XMLStreamException {
        w.writeStartDocument(enc, "1.0");
        w.writeStartElement("SBD-MSG");
        w.writeStartElement("JPMGRP");
        w.writeStartElement("JPMGH");
        element(w, "JPC03", timestamp(createdAt));
        element(w, "JPC09", config.tsoCode());
        element(w, "JPC10", retailer.value());
        w.writeEndElement();
        w.writeStartElement("JPTRM");
        element(w, "JP00002", infoClass);
        element(w, "JP06110", config.tsoCode());
        element(w, "JP06111", config.tsoName());
        element(w, "JP06112", retailer.value());
        element(w, "JP06116", date(day));
    }

    /** Closes what {@link #startMessage} opened (and the kind's list element {@code JPM00010}), and the document. */
    static void endMessage(XMLStreamWriter w) throws XMLStreamException {
        w.writeEndElement(); // JPM00010
        w.writeEndElement(); // JPTRM
        w.writeEndElement(); // JPMGRP
        w.writeEndElement(); // SBD-MSG
        w.writeEndDocument();
        w.flush();
        w.close();
    }

    static void element(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    static String timestamp(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(14);
        FileNames.pad(sb, t.getYear(), 4);
        FileNames.pad(sb, t.getMonthValue(), 2);
        FileNames.pad(sb, t.getDayOfMonth(), 2);
        FileNames.pad(sb, t.getHour(), 2);
        FileNames.pad(sb, t.getMinute(), 2);
        FileNames.pad(sb, t.getSecond(), 2);
        return sb.toString();
    }

    static String date(LocalDate d) {
        StringBuilder sb = new StringBuilder(8);
        FileNames.pad(sb, d.getYear(), 4);
        FileNames.pad(sb, d.getMonthValue(), 2);
        FileNames.pad(sb, d.getDayOfMonth(), 2);
        return sb.toString();
    }
}
