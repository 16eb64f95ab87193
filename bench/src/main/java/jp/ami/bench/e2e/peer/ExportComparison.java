package jp.ami.bench.e2e.peer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares two export directories file by file: the same set of file names, and each pair byte-identical.
 * Streams both files line by line ({@code \n}-separated, bytes compared exactly, including a missing final newline),
 * so it works on exports of tens of millions of lines without loading them.
 */
public final class ExportComparison {
    private ExportComparison() {}

    /**
     * @param equal       true when both directories hold the same files with the same bytes
     * @param lines       lines read from the left directory's files (all files)
     * @param differences one entry per problem: a file present on one side only, or a file that differs (with the
     *                    first differing line of each side, the number of differing line positions and both line counts)
     */
    public record Result(boolean equal, long lines, List<String> differences) {
        @Override
        public String toString() {
            return equal ? "equal (" + lines + " lines)" : "DIFFERENT (" + lines + " lines): " + String.join("; ", differences);
        }
    }

    /** Compares the regular files directly in {@code left} and {@code right} (subdirectories are ignored). */
    public static Result compare(Path left, Path right) throws IOException {
        TreeSet<String> l = names(left);
        TreeSet<String> r = names(right);
        List<String> diffs = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(l);
        all.addAll(r);
        long lines = 0;
        for (String name : all) {
            if (!r.contains(name)) {
                diffs.add(name + ": only in " + left);
                lines += countLines(left.resolve(name));
            } else if (!l.contains(name)) {
                diffs.add(name + ": only in " + right);
            } else {
                FileDiff d = compareFiles(left.resolve(name), right.resolve(name));
                lines += d.leftLines;
                if (d.differing > 0 || d.leftLines != d.rightLines) {
                    diffs.add(name + ": " + d.differing + " differing line(s), " + d.leftLines + " vs " + d.rightLines
                            + " lines; first at line " + d.firstLine + ": " + show(d.firstLeft) + " vs " + show(d.firstRight));
                }
            }
        }
        return new Result(diffs.isEmpty(), lines, List.copyOf(diffs));
    }

    private static String show(byte[] line) {
        return line == null ? "<end of file>" : "\"" + new String(line, StandardCharsets.UTF_8) + "\"";
    }

    private static TreeSet<String> names(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    private static long countLines(Path file) throws IOException {
        try (LineReader r = new LineReader(file)) {
            long n = 0;
            while (r.next()) {
                n++;
            }
            return n;
        }
    }

    private static final class FileDiff {
        long leftLines;
        long rightLines;
        long differing;
        long firstLine;
        byte[] firstLeft;
        byte[] firstRight;
    }

    private static FileDiff compareFiles(Path a, Path b) throws IOException {
        FileDiff d = new FileDiff();
        try (LineReader ra = new LineReader(a); LineReader rb = new LineReader(b)) {
            long lineNo = 0;
            while (true) {
                boolean ha = ra.next();
                boolean hb = rb.next();
                if (!ha && !hb) {
                    break;
                }
                lineNo++;
                if (ha) {
                    d.leftLines++;
                }
                if (hb) {
                    d.rightLines++;
                }
                if (ha && hb && ra.sameAs(rb)) {
                    continue;
                }
                if (ha && hb) {
                    d.differing++;
                }
                if (d.firstLine == 0) {
                    d.firstLine = lineNo;
                    d.firstLeft = ha ? ra.copy() : null;
                    d.firstRight = hb ? rb.copy() : null;
                }
            }
        }
        return d;
    }

    /** Reads {@code \n}-terminated lines as bytes; a line keeps its terminator so a missing final newline differs. */
    private static final class LineReader implements AutoCloseable {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;
        private byte[] line = new byte[256];
        private int len;

        LineReader(Path file) throws IOException {
            this.in = Files.newInputStream(file);
        }

        boolean next() throws IOException {
            len = 0;
            while (true) {
                if (pos == lim) {
                    lim = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (lim <= 0) {
                        lim = 0;
                        return len > 0;
                    }
                }
                int start = pos;
                while (pos < lim && buf[pos] != '\n') {
                    pos++;
                }
                boolean eol = pos < lim;
                if (eol) {
                    pos++; // keep the '\n'
                }
                append(start, pos);
                if (eol) {
                    return true;
                }
            }
        }

        private void append(int from, int to) {
            int n = to - from;
            if (len + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
            }
            System.arraycopy(buf, from, line, len, n);
            len += n;
        }

        boolean sameAs(LineReader o) {
            return Arrays.equals(line, 0, len, o.line, 0, o.len);
        }

        byte[] copy() {
            if (len > 0 && line[len - 1] == '\n') {
                return Arrays.copyOf(line, len - 1);
            }
            byte[] mark = " <no newline at end of file>".getBytes(StandardCharsets.UTF_8);
            byte[] c = Arrays.copyOf(line, len + mark.length);
            System.arraycopy(mark, 0, c, len, mark.length);
            return c;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
