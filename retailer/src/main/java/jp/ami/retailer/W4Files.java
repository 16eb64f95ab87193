package jp.ami.retailer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.ami.model.csv.CsvTable;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What a retailer does with a downloaded W4 ZIP: unpack its XML (zip-slip safe, size-capped) and turn the
 * 30-minute values into CSV {@code supply_point,date,slot,status,kwh}, written through {@link CsvTable} row by row.
 *
 * <p>Both the per-slot form (JPTRM holds JP06116 date and JP06219 slot; JPM00010/JPMR00010 one record per
 * supply point) and the per-day form (JPMR00010 per slot with JP06219, holding JPM00011/JPMR00011 per supply
 * point) are read. A record is JP06400 supply point, JP06122 status, JP06125 (low voltage) or JP06123 (high
 * voltage) kWh, absent when the value is missing. The XML is read with StAX, DTDs and external entities off,
 * in the encoding its declaration names (UTF-8 or Shift_JIS).
 */
public final class W4Files {
    /** Largest XML accepted inside a ZIP (a zip bomb stops here). */
    public static final long MAX_XML_BYTES = 512L * 1024 * 1024;
    /** CSV header line. */
    public static final String CSV_HEADER = "supply_point,date,slot,status,kwh";
    /** The CSV's columns, in the order {@link #CSV_HEADER} names them. */
    public static final List<String> CSV_COLUMNS = List.of(CSV_HEADER.split(","));
    private static final Pattern ENTRY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}\\.xml");
    private static final Pattern KWH = Pattern.compile("-?\\d{1,12}(\\.\\d{1,4})?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,22}");

    private W4Files() {
    }

    /** One CSV row; {@code kwh} is null when the value is missing. */
    public record Row(String supplyPoint, LocalDate date, int slot, String status, String kwh) {
        /** The row's fields in {@link #CSV_COLUMNS} order (a missing value empty). */
        List<String> fields() {
            return List.of(supplyPoint, date.toString(), Integer.toString(slot), status, kwh == null ? "" : kwh);
        }
    }

    /**
     * Extracts the XML file(s) of {@code zip} into {@code dir} under their own (validated, flat) names.
     *
     * @return the written files
     * @throws IOException for entries with paths, unexpected names or above {@link #MAX_XML_BYTES}
     */
    public static List<Path> unzip(Path zip, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(dir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isDirectory() || !ENTRY_NAME.matcher(e.getName()).matches()) {
                    throw new IOException(zip.getFileName() + ": unexpected entry \"" + e.getName() + "\"");
                }
                Path target = dir.resolve(e.getName());
                Path tmp = dir.resolve("." + e.getName() + ".part");
                long n = 0;
                try (var out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[64 * 1024];
                    for (int k; (k = in.read(buf)) > 0; ) {
                        n += k;
                        if (n > MAX_XML_BYTES) {
                            throw new IOException(zip.getFileName() + ": entry larger than " + MAX_XML_BYTES + " bytes");
                        }
                        out.write(buf, 0, k);
                    }
                } catch (IOException ex) {
                    Files.deleteIfExists(tmp);
                    throw ex;
                }
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                written.add(target);
            }
        }
        if (written.isEmpty()) {
            throw new IOException(zip.getFileName() + ": no XML inside");
        }
        return written;
    }

    /** Writes the values of every XML in {@code zip} as CSV (with header) to {@code csv}; returns the row count. */
    public static long zipToCsv(Path zip, Path csv) throws IOException {
        return zipToCsv(zip, csv, CSV_COLUMNS, W4Files::toCsv);
    }

    /** Reads one XML document and writes its rows (no header) to {@code out}; returns how many. */
    interface XmlToCsv {
        long rows(InputStream xml, CsvTable.RowWriter out) throws IOException;
    }

    /**
     * Writes the rows of every XML entry of {@code zip} (each read through a {@link BoundedInputStream} of
     * {@link #MAX_XML_BYTES}) by {@code xmlToCsv} as CSV with header {@code columns} to {@code csv}; returns the row count.
     */
    static long zipToCsv(Path zip, Path csv, List<String> columns, XmlToCsv xmlToCsv) throws IOException {
        Files.createDirectories(csv.toAbsolutePath().getParent());
        long rows = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip));
             BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             CsvTable.RowWriter rowsOut = CsvTable.writer(out)) {
            rowsOut.row(columns);
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory() && e.getName().endsWith(".xml")) {
                    rows += xmlToCsv.rows(new BoundedInputStream(in, MAX_XML_BYTES), rowsOut);
                }
            }
        }
        return rows;
    }

    /** A sink that writes each row to {@code out} and counts it in {@code count[0]} (an IOException is rethrown unchecked). */
    static Consumer<List<String>> rowsTo(CsvTable.RowWriter out, long[] count) {
        return row -> {
            try {
                out.row(row);
                count[0]++;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    /** Reads one W4 XML document and appends its rows (no header) to {@code out} (flushed, not closed). */
    public static long toCsv(InputStream xml, Writer out) throws IOException {
        try (CsvTable.RowWriter rowsOut = CsvTable.writer(out)) {
            return toCsv(xml, rowsOut);
        }
    }

    private static long toCsv(InputStream xml, CsvTable.RowWriter out) throws IOException {
        long[] n = {0};
        Consumer<List<String>> rows = rowsTo(out, n);
        read(xml, row -> rows.accept(row.fields()));
        return n[0];
    }

    /** A StAX factory that reads no DTD and resolves no external entity (the files come from outside). */
    static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }

    /** Streams the rows of one W4 XML document. */
    public static void read(InputStream xml, java.util.function.Consumer<Row> rows) throws IOException {
        try {
            readEvents(xml, "W4", new W4Events(rows));
        } catch (java.time.DateTimeException e) {
            throw new IOException("malformed W4 XML: " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One document's events, in order (never a DTD: {@link #readEvents} refuses it). */
    interface XmlEvents {
        void event(XMLStreamReader r, int event) throws IOException;
    }

    /**
     * Reads {@code xml} with a {@link #safeFactory()} reader, giving each event to {@code events}: a DTD is refused
     * ({@code DTDs are not accepted}), a malformed document is {@code malformed <kind> XML: …}; the reader is closed.
     */
    static void readEvents(InputStream xml, String kind, XmlEvents events) throws IOException {
        XMLStreamReader r = null;
        try {
            r = safeFactory().createXMLStreamReader(xml);
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.DTD) {
                    throw new IOException("DTDs are not accepted");
                }
                events.event(r, ev);
            }
        } catch (XMLStreamException e) {
            throw new IOException("malformed " + kind + " XML: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing more to read
                }
            }
        }
    }

    /** The reading of one W4 document: the header's date, the current slot and the record being read. */
    private static final class W4Events implements XmlEvents {
        private final java.util.function.Consumer<Row> rows;
        private final StringBuilder text = new StringBuilder();
        private LocalDate date;
        private int slot;
        private String point;
        private String status;
        private String kwh;

        W4Events(java.util.function.Consumer<Row> rows) {
            this.rows = rows;
        }

        @Override
        public void event(XMLStreamReader r, int ev) throws IOException {
            if (ev == XMLStreamConstants.START_ELEMENT) {
                text.setLength(0);
                String name = r.getLocalName();
                if (name.equals("JPMR00010") || name.equals("JPMR00011")) {
                    point = null;
                    status = null;
                    kwh = null;
                }
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                if (text.length() < 256) {
                    text.append(r.getText());
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String value = text.toString().strip();
                switch (r.getLocalName()) {
                    case "JP06116" -> date = LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE);
                    case "JP06219" -> slot = slot(value);
                    case "JP06400" -> point = check(value, DIGITS, "JP06400");
                    case "JP06122" -> status = check(value, Pattern.compile("[0-9A-Z]{1,2}"), "JP06122");
                    case "JP06125", "JP06123" -> kwh = check(value, KWH, r.getLocalName());
                    case "JPMR00010", "JPMR00011" -> {
                        if (point != null) {
                            if (date == null || slot == 0) {
                                throw new IOException("record for " + point + " before date and slot");
                            }
                            rows.accept(new Row(point, date, slot, status == null ? "" : status, kwh));
                            point = null;
                        }
                    }
                    default -> {
                    }
                }
                text.setLength(0);
            }
        }
    }

    private static int slot(String value) throws IOException {
        try {
            int s = Integer.parseInt(value);
            if (s >= 1 && s <= 48) {
                return s;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IOException("JP06219: \"" + value + "\" is not a slot 1-48");
    }

    private static String check(String value, Pattern p, String element) throws IOException {
        if (!p.matcher(value).matches()) {
            throw new IOException(element + ": unexpected value \"" + (value.length() > 40 ? value.substring(0, 40) : value) + "\"");
        }
        return value;
    }

    /** Stops a runaway entry; does not close the ZIP stream under it. */
    static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                throw new IOException("XML entry larger than " + MAX_XML_BYTES + " bytes");
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("XML entry larger than " + MAX_XML_BYTES + " bytes");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the ZIP stream is closed by its owner
        }
    }
}
