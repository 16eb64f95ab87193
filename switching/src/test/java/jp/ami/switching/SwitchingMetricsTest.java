package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.START;
import static jp.ami.switching.Fixture.X;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import jp.ami.model.ManualClock;
import jp.ami.service.metrics.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switching service's {@code /metrics} on its internal port: applications by type and status, the matching batch. */
class SwitchingMetricsTest {
    @TempDir
    Path dir;

    @Test
    void applications_by_interface_and_status_and_the_matching_batch_show_in_the_scrape() throws Exception {
        ManualClock clock = new ManualClock(START);
        SwitchingConfig config = SwitchingConfig.defaults(dir).withPort(0).withPollInterval(Duration.ZERO);
        try (SwitchingServer s = new SwitchingServer(config, Fixture.registry(), clock)) {
            Fixture.Http http = new Fixture.Http(s.port());
            String empty = scrape(http);
            assertThat(value(empty, "ami_switching_applications{interface=\"IF_10610\",status=\"PROCESSING\"}")).isZero();
            assertThat(value(empty, "ami_switching_matching_batch_duration_seconds_count")).isZero();

            String body = "{\"supplyPointId\":\"" + X + "\",\"switchDate\":\"" + D + "\",\"customerRequestedDate\":true}";
            assertThat(http.post("/switching/IF_10610", B, "start-x", body).statusCode()).isEqualTo(201);
            assertThat(http.post("/switching/IF_10710", A, "stop-x", body).statusCode()).isEqualTo(201);
            String filed = scrape(http);
            assertThat(value(filed, "ami_switching_applications{interface=\"IF_10610\",status=\"PROCESSING\"}")).isEqualTo(1);
            assertThat(value(filed, "ami_switching_applications{interface=\"IF_10710\",status=\"PROCESSING\"}")).isEqualTo(1);

            clock.set(s.service().deadline(D).plus(Duration.ofMinutes(20)));
            assertThat(s.tick()).isTrue();
            String matched = scrape(http);
            assertThat(value(matched, "ami_switching_applications{interface=\"IF_10610\",status=\"OK\"}")).isEqualTo(1);
            assertThat(value(matched, "ami_switching_applications{interface=\"IF_10610\",status=\"PROCESSING\"}")).isZero();
            assertThat(value(matched, "ami_switching_matching_batches_total")).isEqualTo(1);
            assertThat(value(matched, "ami_switching_matching_batch_duration_seconds_count")).isEqualTo(1);
            assertThat(matched).contains("jvm_memory_used_bytes");

            Optional<Promtool> promtool = Promtool.forTests();
            assumeTrue(promtool.isPresent(), Promtool.absentMessage());
            Promtool.Result lint = promtool.get().checkMetrics(matched.getBytes(StandardCharsets.UTF_8));
            assertThat(lint.ok()).as(lint.output()).isTrue();
        }
    }

    private static String scrape(Fixture.Http http) throws Exception {
        HttpResponse<String> r = http.get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + series + " in the scrape:\n" + scrape);
    }
}
