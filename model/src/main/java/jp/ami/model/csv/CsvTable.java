package jp.ami.model.csv;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import jp.ami.model.InvalidValueException;

/**
 * The one way our CSV files are read and written (master data, meter exchanges, the supply registry, a retailer's
 * converted values): RFC 4180 through Jackson's CSV module, so quoted fields, embedded commas and quotes work, with a
 * header row whose column names are checked, a UTF-8 BOM and blank lines allowed, and every error an
 * {@link InvalidValueException} naming the file's {@code what}, the line and the column. Written fields are quoted
 * only where they need it (a comma, a quote or a line break inside, or white space at either end, which reading
 * would trim), so a file of plain values reads the same as one written by hand.
 *
 * <pre>{@code
 * for (CsvTable.Row row : CsvTable.read(file, "master data", List.of("supply_point_id", "meter_id"))) {
 *     SupplyPointId point = row.parse("supply_point_id", SupplyPointId::of);
 * }
 * }</pre>
 */
public final class CsvTable {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            // quote a field only where RFC 4180 needs it (the default also quotes any field with a character below
            // '-', such as the '+' of a time zone offset)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final CsvSchema WRITE_SCHEMA = CsvSchema.emptySchema().withoutHeader().withLineSeparator("\n");
    /** For a row with a field that begins or ends with white space: quoted, so reading does not trim it. */
    private static final ObjectWriter QUOTING_WRITER = MAPPER.writer(WRITE_SCHEMA)
            .with(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /**
     * One data row.
     *
     * @param what   what the file is, for messages ("meter exchanges")
     * @param line   its line number in the file (the header is line 1)
     * @param header the column names, in file order
     * @param values the fields, in header order
     */
    public record Row(String what, long line, List<String> header, List<String> values) {
        /** The raw field of {@code column}; blank fields are empty strings. */
        public String get(String column) {
            int i = header.indexOf(column);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + column + " in " + header);
            }
            return i < values.size() ? values.get(i) : "";
        }

        /**
         * The field of {@code column}, parsed; a parse error (an {@link InvalidValueException} or
         * {@link IllegalArgumentException}) becomes one naming the file, line and column.
         */
        public <T> T parse(String column, Function<String, T> parser) {
            String raw = get(column);
            try {
                return parser.apply(raw);
            } catch (InvalidValueException e) {
                String prefix = e.field() + ": \"" + e.value() + "\" ";
                String m = e.getMessage();
                throw new InvalidValueException(where(column), raw, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(where(column), raw, e.getMessage() == null ? "is not valid" : e.getMessage());
            }
        }

        /** {@code what line N column}: the field name of a message about this row. */
        public String where(String column) {
            return what + " line " + line + " " + column;
        }
    }

    private CsvTable() {
    }

    /**
     * Reads {@code file}; its header must hold every column of {@code required} (in any order; more are allowed).
     *
     * @throws InvalidValueException for a missing file, a bad header, or a row that is not well-formed CSV or has more
     *                               fields than the header
     */
    public static List<Row> read(Path file, String what, List<String> required) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidValueException(what, file, "no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), what, required);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file, e);
        }
    }

    /** As {@link #read(Path, String, List)}, from a reader (closed by the caller). */
    public static List<Row> read(Reader reader, String what, List<String> required) throws IOException {
        List<Row> rows = new ArrayList<>();
        forEach(reader, what, required, rows::add);
        return rows;
    }

    /**
     * As {@link #read(Reader, String, List)}, one row at a time, without holding the file: for master data of tens
     * of millions of supply points. An error stops the reading; the rows before it were given to {@code each}.
     */
    public static void forEach(Reader reader, String what, List<String> required, Consumer<Row> each) throws IOException {
        Reader in = skipBom(reader);
        CsvSchema schema = CsvSchema.emptySchema().withoutHeader();
        List<String> header = null;
        try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class).with(schema)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(in)) {
            while (true) {
                List<String> values;
                long line;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    line = it.getParser().currentTokenLocation().getLineNr();
                    values = List.of(it.nextValue());
                    line = Math.max(line, it.getParser().currentTokenLocation().getLineNr());
                } catch (JsonProcessingException e) {
                    JsonLocation at = e.getLocation();
                    throw new InvalidValueException(what + " line " + (at == null ? "?" : at.getLineNr()), "",
                            "is not well-formed CSV: " + e.getOriginalMessage());
                }
                if (header == null) {
                    header = List.copyOf(values);
                    for (String column : required) {
                        if (!header.contains(column)) {
                            throw new InvalidValueException(what + " line " + line + " header", String.join(",", header),
                                    "must have the columns " + String.join(",", required));
                        }
                    }
                    continue;
                }
                if (values.size() == 1 && values.get(0).isEmpty()) {
                    continue;
                }
                if (values.size() > header.size()) {
                    throw new InvalidValueException(what + " line " + line, String.join(",", values),
                            "has " + values.size() + " fields, the header " + header.size());
                }
                each.accept(new Row(what, line, header, Collections.unmodifiableList(values)));
            }
        }
        if (header == null) {
            throw new InvalidValueException(what + " line 1 header", "", "must have the columns " + String.join(",", required));
        }
    }

    /** Writes a header and rows (fields quoted where they need it), replacing {@code file}. */
    public static void write(Path file, List<String> header, Iterable<? extends List<String>> rows) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w, header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** As {@link #write(Path, List, Iterable)}, to a writer (not closed). */
    public static void write(Writer out, List<String> header, Iterable<? extends List<String>> rows) throws IOException {
        try (RowWriter w = writer(out)) {
            w.row(header);
            for (List<String> row : rows) {
                w.row(row);
            }
        }
    }

    /**
     * A writer of rows one at a time onto {@code out}, for a table too large to hold (the header is a row like any
     * other); closing it flushes, never closes {@code out}.
     *
     * <pre>{@code
     * try (CsvTable.RowWriter w = CsvTable.writer(out)) {
     *     w.row(List.of("supply_point_id", "meter_id"));
     *     w.row(List.of(point.value(), Long.toString(meterId)));
     * }
     * }</pre>
     */
    public static RowWriter writer(Writer out) throws IOException {
        return new RowWriter(out);
    }

    /** See {@link #writer}. Not thread-safe. */
    public static final class RowWriter implements Closeable {
        private final Writer out;
        private final SequenceWriter plain;

        private RowWriter(Writer out) throws IOException {
            this.out = Objects.requireNonNull(out, "out");
            this.plain = MAPPER.writer(WRITE_SCHEMA).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValues(out);
        }

        /** Writes one row (its fields, in column order; no field may be null) and a line feed. */
        public void row(List<String> fields) throws IOException {
            Objects.requireNonNull(fields, "row");
            if (hasOuterSpace(fields)) {
                plain.flush();
                QUOTING_WRITER.writeValue(out, fields);
            } else {
                plain.write(fields);
            }
        }

        @Override
        public void close() throws IOException {
            plain.close();
        }

        private static boolean hasOuterSpace(List<String> fields) {
            for (String f : fields) {
                if (Objects.requireNonNull(f, "field").length() > 0 && (f.charAt(0) <= ' ' || f.charAt(f.length() - 1) <= ' ')) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Reader skipBom(Reader reader) throws IOException {
        java.io.PushbackReader in = new java.io.PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }
}
