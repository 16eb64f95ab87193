package jp.ami.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A small end-to-end benchmark run on the real pipeline and both real peers: every reading journaled, every value
 * issued present and downloadable, both peers' values byte-identical to ours, and the report written with the
 * fields the benchmark promises. (Figures are the bench's to report; this test checks that they are produced.)
 */
class E2eRunTest {
    static final int METERS = 3_000;

    @Test
    void a_small_run_issues_every_value_and_the_peers_agree_with_it() throws Exception {
        // under target/: the PostgreSQL peer runs its server as the postgres user, which cannot enter a @TempDir
        Path work = Path.of("target", "e2e-test").toAbsolutePath();
        jp.ami.bench.BenchFiles.deleteRecursively(work);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        E2eResult r = new E2eRun(new E2eRun.Options(METERS, 2, 9, 0, work, true, 2, 4, 4, 8, 1,
                new PrintStream(log, true, StandardCharsets.UTF_8))).run();
        String printed = log.toString(StandardCharsets.UTF_8);

        assertThat(r.values()).isEqualTo(METERS * 2L);
        // three boundaries of every meter, plus the PV meters' export readings
        assertThat(r.readings()).isGreaterThan(3L * METERS).isLessThan(3L * METERS * 2);
        assertThat(r.collection()).hasSize(3);
        assertThat(r.finalisation()).hasSize(2).allSatisfy(f -> {
            assertThat(f.points()).isEqualTo(METERS);
            assertThat(f.present()).isEqualTo(METERS);
            assertThat(f.files()).isGreaterThanOrEqualTo(1);
            assertThat(f.downloadBytes()).isPositive();
            assertThat(f.listedAfterSeconds()).isNotEmpty();
        });
        assertThat(r.withinBudget()).isEqualTo(1.0);
        assertThat(r.deliveryMinutes().count()).isEqualTo(METERS * 2L);
        assertThat(r.deliveryMinutes().p50()).isGreaterThanOrEqualTo(20.0); // the MDMS cut-off is 20 minutes after slot end
        assertThat(r.ingestAckMillis().count()).isEqualTo(r.collection().stream().mapToLong(E2eResult.Boundary::batches).sum());
        assertThat(r.peers()).containsOnlyKeys("postgres", "questdbSql");
        r.peers().forEach((name, p) -> {
            assertThat(p.sameValues()).as(name + " computed our values: " + p.differences()).isTrue();
            assertThat(p.values()).isEqualTo(METERS * 2L);
            assertThat(p.seconds()).isPositive();
        });
        assertThat(printed).contains("same values as ours: true");

        Path report = work.resolve("report");
        E2eReport.write(r, report, "test", "test machine");
        JsonNode summary = new ObjectMapper().readTree(report.resolve("summary.json").toFile());
        for (String field : new String[] {"meters", "readingsPerSecond", "finalizeSeconds", "withinBudget", "bytesPerPoint"}) {
            assertThat(summary.has(field)).as(field).isTrue();
        }
        assertThat(summary.get("meters").asInt()).isEqualTo(METERS);
        assertThat(summary.at("/peers/postgres/seconds").isNumber()).isTrue();
        assertThat(summary.at("/peers/questdbSql/ratio").isNumber()).isTrue();
        assertThat(Files.size(report.resolve("latency.png"))).isPositive();
        assertThat(Files.readString(report.resolve("report.md"))).contains("readings/s end to end", "Peers on the same readings");
    }
}
