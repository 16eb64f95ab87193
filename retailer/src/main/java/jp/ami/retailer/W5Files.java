package jp.ami.retailer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import jp.ami.model.csv.CsvTable;

/**
 * What a retailer does with a downloaded confirmed-usage notice (W5 ZIP): one CSV row per supply point with the
 * notice's totals (the per-slot breakdown stays in the XML; {@link W4Files#unzip} extracts it). Columns are the
 * MDMS's element codes by name; empty when the notice omits the element (e.g. usage of a point that cannot be
 * provided).
 */
public final class W5Files {
    /** CSV header line. */
    public static final String CSV_HEADER = "supply_point,notice,date,period_start,period_end,can_provide,usage_kwh,"
            + "register_check,register_kwh,max_demand_kw,next_reading_day,export_kwh";
    public static final List<String> CSV_COLUMNS = List.of(CSV_HEADER.split(","));
    /** Element of each column in the record (the first three come from the header). */
    private static final Map<String, String> RECORD_ELEMENTS = Map.of("JP06408", "period_start", "JP06409", "period_end",
            "JP06405", "can_provide", "JP06426", "usage_kwh", "JP06428", "register_check", "JP06429", "register_kwh",
            "JP06445", "max_demand_kw", "JP06446", "next_reading_day", "JP06432", "export_kwh");

    private W5Files() {
    }

    /** Writes the records of every XML in {@code zip} as CSV (with header) to {@code csv}; returns the row count. */
    public static long zipToCsv(Path zip, Path csv) throws IOException {
        return W4Files.zipToCsv(zip, csv, CSV_COLUMNS, W5Files::toCsv);
    }

    private static long toCsv(InputStream xml, CsvTable.RowWriter out) throws IOException {
        long[] rows = {0};
        try {
            read(xml, W4Files.rowsTo(out, rows));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return rows[0];
    }

    /** Streams one row per supply-point record ({@link #CSV_COLUMNS} order) of one W5 XML document. */
    public static void read(InputStream xml, Consumer<List<String>> rows) throws IOException {
        W4Files.readEvents(xml, "W5", new W5Events(rows));
    }

    /** The reading of one W5 document: its notice class and date, and the record being read. */
    private static final class W5Events implements W4Files.XmlEvents {
        private final Consumer<List<String>> rows;
        private final StringBuilder text = new StringBuilder();
        private String notice = "";
        private String date = "";
        private Map<String, String> record;
        private int depth;
        private int recordDepth = -1;

        W5Events(Consumer<List<String>> rows) {
            this.rows = rows;
        }

        @Override
        public void event(XMLStreamReader r, int ev) {
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                text.setLength(0);
                if (r.getLocalName().equals("JPMR00010")) {
                    record = new HashMap<>();
                    recordDepth = depth;
                }
            } else if (ev == XMLStreamConstants.CHARACTERS) {
                if (text.length() < 256) {
                    text.append(r.getText());
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String name = r.getLocalName();
                String value = text.toString().strip();
                if (record == null) {
                    if (name.equals("JP00002")) {
                        notice = value;
                    } else if (name.equals("JP06116")) {
                        date = value;
                    }
                } else if (depth == recordDepth + 1 && (name.equals("JP06400") || RECORD_ELEMENTS.containsKey(name))) {
                    record.put(name, value);
                } else if (name.equals("JPMR00010") && depth == recordDepth) {
                    Map<String, String> rec = record;
                    List<String> row = new ArrayList<>(CSV_COLUMNS.size());
                    row.add(rec.getOrDefault("JP06400", ""));
                    row.add(notice);
                    row.add(date);
                    for (String column : CSV_COLUMNS.subList(3, CSV_COLUMNS.size())) {
                        row.add(RECORD_ELEMENTS.entrySet().stream().filter(e -> e.getValue().equals(column))
                                .map(e -> rec.getOrDefault(e.getKey(), "")).findFirst().orElse(""));
                    }
                    rows.accept(row);
                    record = null;
                }
                depth--;
                text.setLength(0);
            }
        }
    }
}
