package jp.ami.switching;

import static jp.ami.switching.Fixture.A;
import static jp.ami.switching.Fixture.B;
import static jp.ami.switching.Fixture.D;
import static jp.ami.switching.Fixture.START;
import static jp.ami.service.testing.Scrapes.value;
import static jp.ami.switching.Fixture.X;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.ami.model.ManualClock;
import jp.ami.service.testing.Scrapes;
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
            String empty = Scrapes.scrape(s.port());
            assertThat(value(empty, "ami_switching_applications{interface=\"IF_10610\",status=\"PROCESSING\"}")).isZero();
            assertThat(value(empty, "ami_switching_matching_batch_duration_seconds_count")).isZero();

            String body = "{\"supplyPointId\":\"" + X + "\",\"switchDate\":\"" + D + "\",\"customerRequestedDate\":true}";
            assertThat(http.post("/switching/IF_10610", B, "start-x", body).statusCode()).isEqualTo(201);
            assertThat(http.post("/switching/IF_10710", A, "stop-x", body).statusCode()).isEqualTo(201);
            String filed = Scrapes.scrape(s.port());
            assertThat(value(filed, "ami_switching_applications{interface=\"IF_10610\",status=\"PROCESSING\"}")).isEqualTo(1);
            assertThat(value(filed, "ami_switching_applications{interface=\"IF_10710\",status=\"PROCESSING\"}")).isEqualTo(1);

            clock.set(s.service().deadline(D).plus(Duration.ofMinutes(20)));
            assertThat(s.tick()).isTrue();
            String matched = Scrapes.scrape(s.port());
            assertThat(value(matched, "ami_switching_applications{interface=\"IF_10610\",status=\"OK\"}")).isEqualTo(1);
            assertThat(value(matched, "ami_switching_applications{interface=\"IF_10610\",status=\"PROCESSING\"}")).isZero();
            assertThat(value(matched, "ami_switching_matching_batches_total")).isEqualTo(1);
            assertThat(value(matched, "ami_switching_matching_batch_duration_seconds_count")).isEqualTo(1);
            assertThat(matched).contains("jvm_memory_used_bytes");

            Scrapes.assertPromtoolAccepts(matched);
        }
    }
}
