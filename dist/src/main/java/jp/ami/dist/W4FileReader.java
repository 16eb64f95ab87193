package jp.ami.dist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import jp.ami.model.Kwh;

/**
 * Reads a per-slot business-protocol file (a ZIP holding one XML) back into values, independently of the
 * writer, so the demo and the tests can check what a retailer actually received.
 */
public final class W4FileReader {
    /** One record: status code and value in 0.0001 kWh ({@code null} when the file carries no value). */
    public record Entry(String status, Long valueUnits) {
    }

    /** What one per-slot file says. */
    public record SlotFile(String infoClass, String sender, String receiver, String date, int slot, Map<String, Entry> values) {
    }

    private W4FileReader() {
    }

    public static SlotFile read(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e = in.getNextEntry();
            if (e == null) {
                throw new IOException("ZIP holds no entry");
            }
            // The JDK's StAX reader closes its input at the end of the document: hand it a copy of the entry.
            SlotFile f = parse(new ByteArrayInputStream(in.readAllBytes()));
            if (in.getNextEntry() != null) {
                throw new IOException("ZIP holds more than one entry");
            }
            return f;
        }
    }

    static SlotFile parse(InputStream xml) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader r = factory.createXMLStreamReader(xml);
            Map<String, String> header = new LinkedHashMap<>();
            Map<String, Entry> values = new LinkedHashMap<>();
            String point = null;
            String status = null;
            String value = null;
            boolean inRecord = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("JPMR00010")) {
                        inRecord = true;
                        point = status = value = null;
                    } else if (inRecord && name.equals("JP06400")) {
                        point = r.getElementText();
                    } else if (inRecord && name.equals("JP06122")) {
                        status = r.getElementText();
                    } else if (inRecord && name.equals("JP06125")) {
                        value = r.getElementText();
                    } else if (!inRecord && name.startsWith("JP0")) {
                        header.put(name, r.getElementText());
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("JPMR00010")) {
                    inRecord = false;
                    if (point == null || status == null) {
                        throw new IOException("record without JP06400 or JP06122");
                    }
                    if (values.put(point, new Entry(status, value == null ? null : Kwh.parseUnits(value))) != null) {
                        throw new IOException("supply point " + point + " appears twice");
                    }
                }
            }
            return new SlotFile(header.get("JP00002"), header.get("JP06110"), header.get("JP06112"), header.get("JP06116"),
                    Integer.parseInt(header.getOrDefault("JP06219", "0")), values);
        } catch (XMLStreamException e) {
            throw new IOException("not well-formed XML: " + e.getMessage(), e);
        }
    }
}
