package jp.ami.mdms.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.ami.mdms.Fixtures;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real MDMS process at several points of a multi-slot run, restart, and compare QuestDB rows and
 * outbox bytes with an uninterrupted run of the same journal: identical.
 */
class CrashRecoveryTest {
    static final int POINTS = 240;
    /** After the last journal document the clock (set after every cut-off) finalises the remaining slots. */
    static final String CLOCK = Slots.end(Scenario.LAST + 2).plus(Duration.ofHours(1)).toString();
    /** Slots finalised: FIRST … LAST + 1 (the readings closing LAST open LAST + 1). */
    static final long LAST_TICK = Scenario.LAST + 1;
    static final int ROWS = (int) (POINTS * (LAST_TICK - Scenario.FIRST + 1));

    @TempDir
    Path dir;

    private Path prepare(String name) throws IOException {
        Path var = dir.resolve(name);
        Files.createDirectories(var);
        Scenario.writeMasterData(var.resolve("master-data.csv"), POINTS);
        Scenario.writeJournal(var.resolve("journal"), POINTS);
        return var;
    }

    private static final List<String> EXTRA = List.of("--records-per-file", "50");

    @Test
    void killed_at_several_points_the_restarted_mdms_ends_with_the_rows_and_bytes_of_an_uninterrupted_run() throws Exception {
        Path clean = prepare("clean");
        Result expected = runToEnd(clean);
        assertThat(expected.rows).hasSize(ROWS);
        // the scenario exercises estimation (also at the cut-off), revisions, splits and the per-day file and its re-issue
        // row: slot_end|supply_point|retailer|value_units|status|revision|slot|meter_id|vee_flags|written_at|
        //      export_units|export_status|export_vee_flags|
        assertThat(expected.rows).anyMatch(r -> r.split("\\|")[4].equals("1"));
        assertThat(expected.rows).anyMatch(r -> r.split("\\|")[11].equals("0")); // export values: present,
        assertThat(expected.rows).anyMatch(r -> r.split("\\|")[11].equals("1")); // estimated,
        assertThat(expected.rows).anyMatch(r -> r.split("\\|")[11].equals("null")); // and none (no PV)
        assertThat(expected.rows).anyMatch(r -> r.split("\\|")[4].equals("2")); // estimated at the cut-off
        assertThat(expected.rows).anyMatch(r -> !r.split("\\|")[5].equals("0"));
        assertThat(expected.files.keySet())
                .anyMatch(f -> f.matches(".*W41120\\d{12}000001\\.zip"))
                .anyMatch(f -> f.matches(".*W41120\\d{12}010001\\.zip"))
                .anyMatch(f -> f.matches(".*W41110\\d{12}010001\\.zip"))
                .anyMatch(f -> f.matches(".*W41110\\d{12}000003\\.zip"));
        System.out.printf("uninterrupted: %d rows, %d history rows, %d files%n", expected.rows.size(),
                expected.history.size(), expected.files.size());
        // history: every current row is its latest revision, revisions kept beside the first issue, with provenance
        // row: slot_end|supply_point|revision|retailer|value_units|status|slot|meter_id|flags|rule|written_at|
        //      export_units|export_status|export_vee_flags|source_path|source_id|frame_counter|journal_index|…
        assertThat(expected.history).hasSizeGreaterThan(ROWS);
        assertThat(expected.history.stream().map(r -> String.join("|", List.of(r.split("\\|")).subList(0, 3))).distinct())
                .hasSize(expected.history.size());
        assertThat(expected.history).anyMatch(r -> r.split("\\|")[14].equals("plc") && r.split("\\|")[15].equals("101"));
        assertThat(expected.history).anyMatch(r -> !r.split("\\|")[2].equals("0") && r.split("\\|")[15].equals("100"));
        assertThat(expected.history).anyMatch(r -> !r.split("\\|")[2].equals("0") && !r.split("\\|")[9].equals("MEASURED"));

        Path crash = prepare("crash");
        int kills = 0;
        for (int threshold : new int[]{3, 20, 45, 80}) {
            try (MdmsProcess p = new MdmsProcess(crash, CLOCK, EXTRA)) {
                Fixtures.await("files ≥ " + threshold, () -> countFiles(crash.resolve("outbox")) >= threshold || !p.process.isAlive(),
                        Duration.ofSeconds(60));
                if (p.process.isAlive()) {
                    p.kill(); // SIGKILL
                    kills++;
                    Path log = crash.resolve("mdms").resolve("engine-events.log");
                    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                    System.out.printf("kill -9 #%d after %d files; engine log %d lines, last %s%n", kills,
                            countFiles(crash.resolve("outbox")), lines.size(), lines.isEmpty() ? "-" : lines.get(lines.size() - 1));
                }
            }
        }
        assertThat(kills).isGreaterThanOrEqualTo(3);
        Result after = runToEnd(crash);
        // restarts resumed from the engine snapshot of the last completed tick, not from the journal's start
        assertThat(Files.readString(crash.resolve("child.out")) + Files.readString(crash.resolve("child.err")))
                .contains("restored engine snapshot");
        assertThat(after.rows).containsExactlyElementsOf(expected.rows);
        // the value history: one row per (slot, point, revision), the same as without the kills
        assertThat(after.history).containsExactlyElementsOf(expected.history);
        assertThat(after.files.keySet()).containsExactlyElementsOf(expected.files.keySet());
        for (Map.Entry<String, byte[]> e : expected.files.entrySet()) {
            assertThat(after.files.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    record Result(List<String> rows, List<String> history, Map<String, byte[]> files) {
    }

    private Result runToEnd(Path var) throws Exception {
        try (MdmsProcess p = new MdmsProcess(var, CLOCK, EXTRA)) {
            Path log = var.resolve("mdms").resolve("engine-events.log");
            Fixtures.await("last tick done", () -> {
                try {
                    return Files.exists(log) && Files.readAllLines(log).contains("D " + LAST_TICK);
                } catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(90));
            List<String>[] rows = new List[1];
            Fixtures.await("rows visible", () -> {
                rows[0] = p.rows();
                return rows[0] != null && rows[0].size() == ROWS;
            }, Duration.ofSeconds(60));
            List<String>[] history = new List[1];
            Fixtures.await("history visible", () -> {
                history[0] = p.historyRows();
                return history[0] != null && history[0].size() >= ROWS;
            }, Duration.ofSeconds(60));
            return new Result(rows[0], history[0], files(var.resolve("outbox")));
        }
    }

    private static long countFiles(Path outbox) {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(outbox)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".zip")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static Map<String, byte[]> files(Path outbox) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(outbox)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(outbox.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }
}
