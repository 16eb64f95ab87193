package jp.ami.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import jp.ami.model.Kwh;

/**
 * Reads a business-protocol file (a ZIP holding one XML) back into values, independently of the writer, so
 * the demo and the tests can check what a retailer actually received. Understands both shapes: the per-slot
 * file (information class 1110: JP06219 in the header, one JPMR00010 per supply point) and the per-day file
 * (1120: one JPMR00010 per slot carrying JP06219, each holding JPM00011/JPMR00011 per supply point).
 */
public final class W4FileReader {
    /** One record: status code and value in 0.0001 kWh ({@code null} when the file carries no value). */
    public record Entry(String status, Long valueUnits) {
    }

    /** What one file says: values by slot number (1–48), then by supply point ID. */
    public record W4File(String infoClass, String sender, String receiver, String date, Map<Integer, Map<String, Entry>> slots) {
        public boolean perDay() {
            return "1120".equals(infoClass);
        }

        public int records() {
            return slots.values().stream().mapToInt(Map::size).sum();
        }
    }

    private W4FileReader() {
    }

    public static W4File read(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e = in.getNextEntry();
            if (e == null) {
                throw new IOException("ZIP holds no entry");
            }
            // The JDK's StAX reader closes its input at the end of the document: hand it a copy of the entry.
            W4File f = parse(new ByteArrayInputStream(in.readAllBytes()));
            if (in.getNextEntry() != null) {
                throw new IOException("ZIP holds more than one entry");
            }
            return f;
        }
    }

    static W4File parse(InputStream xml) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader r = factory.createXMLStreamReader(xml);
            Map<String, String> header = new LinkedHashMap<>();
            Map<Integer, Map<String, Entry>> slots = new TreeMap<>();
            int slot = 0;
            boolean inBody = false;
            String recordTag = null;
            String point = null;
            String status = null;
            String value = null;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("JPM00010")) {
                        inBody = true;
                        recordTag = "1120".equals(header.get("JP00002")) ? "JPMR00011" : "JPMR00010";
                        slot = Integer.parseInt(header.getOrDefault("JP06219", "0"));
                    } else if (!inBody && name.startsWith("JP0")) {
                        header.put(name, r.getElementText());
                    } else if (inBody && name.equals("JP06219")) {
                        slot = Integer.parseInt(r.getElementText());
                    } else if (inBody && name.equals(recordTag)) {
                        point = status = value = null;
                    } else if (inBody && name.equals("JP06400")) {
                        point = r.getElementText();
                    } else if (inBody && name.equals("JP06122")) {
                        status = r.getElementText();
                    } else if (inBody && (name.equals("JP06125") || name.equals("JP06123"))) {
                        value = r.getElementText();
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && inBody && r.getLocalName().equals(recordTag)) {
                    if (point == null || status == null) {
                        throw new IOException("record without JP06400 or JP06122");
                    }
                    Map<String, Entry> values = slots.computeIfAbsent(slot, k -> new LinkedHashMap<>());
                    if (values.put(point, new Entry(status, value == null ? null : Kwh.parseUnits(value))) != null) {
                        throw new IOException("supply point " + point + " appears twice in slot " + slot);
                    }
                }
            }
            return new W4File(header.get("JP00002"), header.get("JP06110"), header.get("JP06112"), header.get("JP06116"), slots);
        } catch (XMLStreamException e) {
            throw new IOException("not well-formed XML: " + e.getMessage(), e);
        }
    }
}
