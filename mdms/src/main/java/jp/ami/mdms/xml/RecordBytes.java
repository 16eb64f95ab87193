package jp.ami.mdms.xml;

import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import jp.ami.model.Kwh;

/**
 * Writes the repeated record rows — {@code <JPMR0001x><JP06400>ID</JP06400><JP06122>status</JP06122>
 * <JP06125>kWh</JP06125></JPMR0001x>} (no JP06125 when missing) — for a point with an export value also
 * {@code <JP06126>export kWh</JP06126><JP06127>export status</JP06127>} (no JP06126 when the export is missing)
 * before the record's end tag — the same bytes the XML writer produces — straight
 * into the output as ASCII bytes. Tens of millions of rows per slot make this the hot part of a file: the JDK's
 * XML writer costs ~0.24 µs per row (checks, escaping and encoding every character); the rows hold only digits,
 * a decimal point and the configured plain-ASCII status codes, so nothing needs escaping. The document around
 * them (header, group and transaction elements) is still written by the XML writer, which is flushed before the
 * rows and takes over after them.
 */
final class RecordBytes {
    static final byte[][] SLOT_ROW = tags("JPMR00010");
    static final byte[][] DAY_ROW = tags("JPMR00011");
    private static final byte[] ID_OPEN = ascii("<JP06400>");
    private static final byte[] ID_CLOSE_STATUS_OPEN = ascii("</JP06400><JP06122>");
    private static final byte[] STATUS_CLOSE = ascii("</JP06122>");
    private static final byte[][] VALUE = tags("JP06125");
    private static final byte[][] EXPORT = tags("JP06126");
    private static final byte[][] EXPORT_STATUS = tags("JP06127");
    private final byte[] buf = new byte[64 * 1024];
    private final char[] id = new char[jp.ami.model.SupplyPointId.LENGTH];
    private final StringBuilder kwh = new StringBuilder(24);
    private int n;
    private OutputStream out;

    private static byte[][] tags(String name) {
        return new byte[][] {ascii("<" + name + ">"), ascii("</" + name + ">")};
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Closes the XML writer's open start tag and flushes it, so the rows follow it in {@code out}. */
    void begin(XMLStreamWriter w, OutputStream out) throws XMLStreamException {
        w.writeCharacters("");
        w.flush();
        this.out = out;
        n = 0;
    }

    void record(byte[][] tag, jp.ami.model.SupplyRegistry registry, int point, byte[] status, boolean hasValue, long units)
            throws IOException {
        record(tag, registry, point, status, hasValue, units, null, false, 0);
    }

    /** A record with the export elements when {@code exportStatus} is not null (a point with an export value). */
    void record(byte[][] tag, jp.ami.model.SupplyRegistry registry, int point, byte[] status, boolean hasValue, long units,
                byte[] exportStatus, boolean hasExportValue, long exportUnits) throws IOException {
        if (n > buf.length - 512) {
            flush();
        }
        put(tag[0]);
        put(ID_OPEN);
        registry.pointChars(point, id, 0);
        for (char c : id) {
            buf[n++] = (byte) c;
        }
        put(ID_CLOSE_STATUS_OPEN);
        put(status);
        put(STATUS_CLOSE);
        if (hasValue) {
            kwhElement(VALUE, units);
        }
        if (exportStatus != null) {
            if (hasExportValue) {
                kwhElement(EXPORT, exportUnits);
            }
            put(EXPORT_STATUS[0]);
            put(exportStatus);
            put(EXPORT_STATUS[1]);
        }
        put(tag[1]);
    }

    private static final byte[] USAGE_SLOT_OPEN = ascii("<JPMR00014><JP06219>");
    private static final byte[] SLOT_CLOSE_STATUS_OPEN = ascii("</JP06219><JP06122>");
    private static final byte[] USAGE_VALUE_OPEN = ascii("<JP06424>");
    private static final byte[] USAGE_VALUE_CLOSE_SORTED_OPEN = ascii("</JP06424><JP06425>");
    private static final byte[] USAGE_SORTED_CLOSE = ascii("</JP06425>");
    private static final byte[][] USAGE_EXPORT = tags("JP06433");
    private static final byte[] USAGE_SLOT_CLOSE = ascii("</JPMR00014>");

    /**
     * One slot of a confirmed-usage notice: {@code <JPMR00014><JP06219>n</JP06219><JP06122>s</JP06122>
     * <JP06424>kWh</JP06424><JP06425>kWh</JP06425><JP06433>export kWh</JP06433></JPMR00014>} (no value elements when
     * missing, no JP06433 without an export value) — the bytes {@link UsageFileWriter}'s XML writer would produce.
     */
    void usageSlot(int slot, byte[] status, boolean hasValue, long units, boolean hasExport, long exportUnits) throws IOException {
        if (n > buf.length - 256) {
            flush();
        }
        put(USAGE_SLOT_OPEN);
        if (slot >= 10) {
            buf[n++] = (byte) ('0' + slot / 10);
        }
        buf[n++] = (byte) ('0' + slot % 10);
        put(SLOT_CLOSE_STATUS_OPEN);
        put(status);
        put(STATUS_CLOSE);
        if (hasValue) {
            put(USAGE_VALUE_OPEN);
            int from = n;
            kwh(units);
            int len = n - from;
            put(USAGE_VALUE_CLOSE_SORTED_OPEN);
            System.arraycopy(buf, from, buf, n, len);
            n += len;
            put(USAGE_SORTED_CLOSE);
        }
        if (hasExport) {
            kwhElement(USAGE_EXPORT, exportUnits);
        }
        put(USAGE_SLOT_CLOSE);
    }

    /** {@code <tag>kWh</tag>}: {@code units} as kWh between the tags {@link #tags} made. */
    private void kwhElement(byte[][] tag, long units) {
        put(tag[0]);
        kwh(units);
        put(tag[1]);
    }

    private void kwh(long units) {
        kwh.setLength(0);
        Kwh.appendTo(kwh, units);
        for (int i = 0, len = kwh.length(); i < len; i++) {
            buf[n++] = (byte) kwh.charAt(i);
        }
    }

    void end() throws IOException {
        flush();
        out = null;
    }

    private void put(byte[] b) {
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    private void flush() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }
}
