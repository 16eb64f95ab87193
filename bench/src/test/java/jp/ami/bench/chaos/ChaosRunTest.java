package jp.ami.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jp.ami.bench.BenchFiles;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The short chaos run CI makes: five real processes, three SIGKILLs against a clean run of the same seed. Seed 214
 * kills the head-end at 00:04 JST while the meters' readings of the 00:00 boundary are arriving, the MDMS at 00:18,
 * two minutes before that slot's cut-off (it is back after it, at 120×), and the switching service at 00:23. Nothing may be lost, doubled or different; then the
 * comparison itself is shown to catch a file that is missing.
 */
class ChaosRunTest {
    static final long SEED = 214;
    static final int KILLS = 3;

    @Test
    void the_schedule_is_the_seeds_and_lies_in_the_window() {
        Instant from = Instant.parse("2026-11-23T14:31:00Z");
        Instant to = Instant.parse("2026-11-23T15:49:00Z");
        List<String> targets = List.of("hes", "mdms", "switching", "front");
        KillSchedule a = KillSchedule.draw(SEED, 20, targets, from, to);
        assertThat(a).isEqualTo(KillSchedule.draw(SEED, 20, targets, from, to));
        assertThat(a).isNotEqualTo(KillSchedule.draw(SEED + 1, 20, targets, from, to));
        assertThat(a.kills()).hasSize(20).allSatisfy(k -> {
            assertThat(k.at()).isBetween(from, to);
            assertThat(targets).contains(k.target());
        });
        assertThat(a.kills()).isSortedAccordingTo(java.util.Comparator.comparing(KillSchedule.Kill::at));
    }

    @Test
    void services_killed_mid_run_lose_and_double_nothing_and_write_the_same_bytes() throws Exception {
        Path report = Path.of("target", "chaos-test").toAbsolutePath();
        int exit = new CommandLine(new ChaosCommand()).execute("--kills", "" + KILLS, "--seed", "" + SEED, "--meters", "60",
                "--slots", "2", "--speed", "120", "--base-port", "17400", "--targets", "hes,mdms,switching,front",
                "--report", report.toString());
        JsonNode s = new ObjectMapper().readTree(report.resolve("summary.json").toFile());

        assertThat(s.get("kills").asInt()).isEqualTo(KILLS);
        assertThat(s.get("killed").has("hes")).as("killed %s", s.get("killed")).isTrue();
        assertThat(s.get("killed").has("mdms")).as("killed %s", s.get("killed")).isTrue();
        assertThat(s.get("killed").has("switching")).as("killed %s", s.get("killed")).isTrue();
        assertThat(s.get("values").asLong()).as("values issued in the clean run").isGreaterThanOrEqualTo(2 * 60);
        assertThat(s.get("files").asInt()).isGreaterThanOrEqualTo(2 * 4);
        assertThat(s.get("lost").asLong()).isZero();
        assertThat(s.get("duplicates").asLong()).isZero();
        assertThat(s.get("differing").asLong()).isZero();
        assertThat(s.get("identicalXml").asBoolean()).as("different files: %s", s.get("differentFiles")).isTrue();
        assertThat(s.get("applicationsLost").asInt()).isZero();
        assertThat(s.get("applicationsDoubled").asInt()).isZero();
        // the switch: the new retailer's 廃止取次 and start, the stop the platform filed for the current retailer
        List<String> applications = new ArrayList<>();
        s.get("applications").fieldNames().forEachRemaining(applications::add);
        assertThat(applications).anyMatch(a -> a.startsWith("R0002/IS_20110/")).anyMatch(a -> a.startsWith("R0002/IF_10610/"))
                .anyMatch(a -> a.startsWith("R0001/IF_10710/"));
        assertThat(exit).isZero();

        // the comparison catches a lost file: the chaos outbox with one retailer's file removed
        Path damaged = report.resolve("damaged");
        BenchFiles.deleteRecursively(damaged);
        copy(report.resolve("chaos").resolve("outbox"), damaged);
        Path victim;
        try (Stream<Path> files = Files.walk(damaged)) {
            victim = files.filter(f -> f.getFileName().toString().startsWith("W41110")).sorted().findFirst().orElseThrow();
        }
        Files.delete(victim);
        OutboxComparison cmp = OutboxComparison.of(report.resolve("clean").resolve("outbox"), damaged);
        assertThat(cmp.identical()).isFalse();
        assertThat(cmp.differentFiles()).anyMatch(d -> d.contains(victim.getFileName().toString()) && d.endsWith("(missing)"));
        assertThat(cmp.lost()).isPositive();
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
