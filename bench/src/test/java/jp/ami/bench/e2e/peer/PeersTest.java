package jp.ami.bench.e2e.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both peers against real servers on a small hand-made input whose expected export is computed here, independently,
 * with BigInteger arithmetic straight from the definition.
 */
class PeersTest {
    static final int METERS = 300;
    static final int BOUNDARIES = 3;
    static final long FIRST_SLOT = 1_774_969_200L / 1800; // 2026-04-01T00:00+09:00
    static final int[] UNITS = {0x00, 0x01, 0x02, 0x03, 0x04, 0x0A, 0x0B, 0x0C, 0x0D};
    static final long[] UNITS_PER_STEP = {10_000, 1_000, 100, 10, 1, 100_000, 1_000_000, 10_000_000, 100_000_000};
    static final int[] COEFFICIENTS = {1, 2, 10, 40, 300};
    static final String[] RETAILERS = {"A0001", "B0002", "C0003"};

    @TempDir
    Path dir;

    /** Writes the input; returns expected lines per retailer. */
    static Map<String, List<String>> writeInput(Path dir) throws IOException {
        Random rnd = new Random(42);
        record Meter(String point, long id, String retailer, int digits, int coefficient, int unitIndex, long[] regs) {}
        List<Meter> meters = new ArrayList<>();
        for (int i = 0; i < METERS; i++) {
            int digits = 4 + i % 6; // 4..9
            BigInteger mod = BigInteger.TEN.pow(digits);
            long[] regs = new long[BOUNDARIES];
            regs[0] = i < 10 ? mod.longValueExact() - 1 - i : rnd.nextInt((int) Math.min(Integer.MAX_VALUE, mod.longValueExact()));
            for (int b = 1; b < BOUNDARIES; b++) {
                long step = i < 10 ? 20 + i : rnd.nextInt(3000);
                regs[b] = BigInteger.valueOf(regs[b - 1] + step).mod(mod).longValueExact();
            }
            // point IDs in an order unrelated to meter IDs
            String point = String.format("03001%017d", (i * 7919L) % 100_003L * 1_000_003L);
            meters.add(new Meter(point, 200_000_000L + i * 3L, RETAILERS[rnd.nextInt(RETAILERS.length)], digits,
                    COEFFICIENTS[i % COEFFICIENTS.length], i % UNITS.length, regs));
        }
        assertThat(meters.stream().filter(m -> m.regs[1] < m.regs[0]).count()).as("wrapping registers").isGreaterThanOrEqualTo(10);
        List<String> masterLines = new ArrayList<>();
        List<String> readingLines = new ArrayList<>();
        Map<String, TreeMap<String, String>> expected = new TreeMap<>();
        for (String r : RETAILERS) {
            expected.put(r, new TreeMap<>());
        }
        for (Meter m : meters) {
            masterLines.add(m.point + "," + m.id + "," + m.retailer + ",30");
            for (int b = 0; b < BOUNDARIES; b++) {
                long boundary = (FIRST_SLOT + b) * 1800;
                readingLines.add(m.id + "," + boundary + "," + m.regs[b] + "," + m.coefficient + "," + m.digits + "," + UNITS[m.unitIndex]);
                if (b > 0) {
                    BigInteger steps = BigInteger.valueOf(m.regs[b] - m.regs[b - 1]).mod(BigInteger.TEN.pow(m.digits));
                    BigInteger units = steps.multiply(BigInteger.valueOf(m.coefficient)).multiply(BigInteger.valueOf(UNITS_PER_STEP[m.unitIndex]));
                    // sort key: slot end (all 10 digits), then point ID
                    expected.get(m.retailer).put(boundary + "|" + m.point, m.point + "," + boundary + "," + units.longValueExact());
                }
            }
        }
        Collections.shuffle(masterLines, rnd);
        Collections.shuffle(readingLines, rnd);
        write(dir.resolve("master.csv"), "supply_point_id,meter_id,retailer,contract_amperes", masterLines);
        write(dir.resolve("readings.csv"), "meter_id,boundary_epoch_second,register,coefficient,digits,unit_code", readingLines);
        Map<String, List<String>> result = new TreeMap<>();
        expected.forEach((r, lines) -> result.put(r, new ArrayList<>(lines.values())));
        return result;
    }

    static void write(Path file, String header, List<String> lines) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            if (header != null) {
                w.write(header + "\n");
            }
            for (String l : lines) {
                w.write(l + "\n");
            }
        }
    }

    @Test
    @Timeout(600)
    void both_peers_export_exactly_the_expected_values() throws Exception {
        Map<String, List<String>> expected = writeInput(dir);
        Path expectedDir = Files.createDirectories(dir.resolve("expected"));
        long expectedValues = 0;
        for (var e : expected.entrySet()) {
            write(expectedDir.resolve(e.getKey() + ".csv"), null, e.getValue());
            expectedValues += e.getValue().size();
        }
        assertThat(expectedValues).isEqualTo((long) METERS * (BOUNDARIES - 1));
        PeerInput in = new PeerInput(dir.resolve("master.csv"), dir.resolve("readings.csv"), FIRST_SLOT, FIRST_SLOT + BOUNDARIES - 2);

        // PostgreSQL runs as the 'postgres' OS user when we are root: its data dir must not be under a 0700 temp dir
        Path pgDir = Path.of("target", "peer-test", "pg").toAbsolutePath();
        try (PostgresPeer pg = new PostgresPeer(pgDir)) {
            assertExportsTwice(pg, in, "out-pg", expectedDir, expectedValues);
        }
        try (QuestDbSqlPeer qdb = new QuestDbSqlPeer(dir.resolve("qdb"), "1g", 2)) {
            assertExportsTwice(qdb, in, "out-qdb", expectedDir, expectedValues);
        }
        ExportComparison.Result peers = ExportComparison.compare(dir.resolve("out-pg"), dir.resolve("out-qdb"));
        assertThat(peers.equal()).isTrue();
        assertThat(peers.lines()).isEqualTo(expectedValues);
    }

    /**
     * The peer exports exactly the expected values into {@code out}, timing its three stages; a second run on the same
     * server (into {@code out} + "2") gives the same export.
     */
    private void assertExportsTwice(Peer peer, PeerInput in, String out, Path expectedDir, long expectedValues) throws Exception {
        PeerResult r = peer.run(in, dir.resolve(out));
        assertThat(r.values()).isEqualTo(expectedValues);
        assertThat(r.stageSeconds()).containsOnlyKeys("load", "compute", "export");
        assertThat(ExportComparison.compare(expectedDir, dir.resolve(out)).differences()).isEmpty();
        PeerResult again = peer.run(in, dir.resolve(out + "2"));
        assertThat(again.values()).isEqualTo(expectedValues);
        assertThat(ExportComparison.compare(expectedDir, dir.resolve(out + "2")).equal()).isTrue();
    }

    @Test
    void comparison_detects_a_one_digit_difference_and_missing_files() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add(String.format("0300111%015d,1774971000,%d", i, i * 37L));
        }
        write(a.resolve("R0001.csv"), null, lines);
        write(b.resolve("R0001.csv"), null, lines);
        write(a.resolve("R0002.csv"), null, lines.subList(0, 10));
        write(b.resolve("R0002.csv"), null, lines.subList(0, 10));
        ExportComparison.Result same = ExportComparison.compare(a, b);
        assertThat(same.equal()).isTrue();
        assertThat(same.lines()).isEqualTo(1010);
        assertThat(same.differences()).isEmpty();

        List<String> changed = new ArrayList<>(lines);
        changed.set(700, changed.get(700).replace(",25900", ",25901")); // 700 * 37 = 25900
        assertThat(changed.get(700)).isNotEqualTo(lines.get(700));
        write(b.resolve("R0001.csv"), null, changed);
        ExportComparison.Result diff = ExportComparison.compare(a, b);
        assertThat(diff.equal()).isFalse();
        assertThat(diff.differences()).hasSize(1);
        assertThat(diff.differences().get(0)).startsWith("R0001.csv: 1 differing line(s)").contains("line 701").contains("25900").contains("25901");

        Files.delete(b.resolve("R0002.csv"));
        Files.writeString(b.resolve("R0003.csv"), "");
        ExportComparison.Result missing = ExportComparison.compare(a, b);
        assertThat(missing.equal()).isFalse();
        assertThat(missing.differences()).anyMatch(d -> d.startsWith("R0002.csv: only in"))
                .anyMatch(d -> d.startsWith("R0003.csv: only in"));

        // a missing final newline is a difference too
        write(b.resolve("R0001.csv"), null, lines);
        Files.writeString(b.resolve("R0002.csv"), String.join("\n", lines.subList(0, 10)));
        Files.delete(b.resolve("R0003.csv"));
        ExportComparison.Result newline = ExportComparison.compare(a, b);
        assertThat(newline.equal()).isFalse();
        assertThat(newline.differences()).singleElement().asString().startsWith("R0002.csv:").contains("no newline");
    }
}
