package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.await;
import static jp.ami.mdms.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import jp.ami.journal.Journal;
import jp.ami.journal.JournalAppender;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import jp.ami.service.metrics.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MDMS's {@code /metrics} on its internal delivery port, scraped over HTTP while a slot goes through. */
class MdmsMetricsTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readings_values_and_the_delivery_latency_of_a_finalised_slot_show_in_the_scrape() throws Exception {
        Path csv = dir.resolve("master.csv");
        Files.writeString(csv, "supply_point_id,meter_id,retailer,contract_amperes\n"
                + Fixtures.point(0).value() + ",10,R0013,30\n"
                + Fixtures.point(1).value() + ",11,R0013,30\n"
                + Fixtures.point(2).value() + ",12,R0002,30\n", StandardCharsets.UTF_8);
        MdmsConfig config = Fixtures.configBuilder(dir.resolve("var")).masterDataFile(csv)
                .deliveryPort(0).questDbHttpPort(Fixtures.freePort()).questDbPgPort(Fixtures.freePort()).build();
        ManualClock clock = new ManualClock(Slots.end(SLOT2));
        try (Journal journal = Journal.open(config.journalDir()); JournalAppender appender = journal.appender()) {
            ReadingBatch b = new ReadingBatch();
            for (int m = 10; m <= 11; m++) { // meter 12 sends nothing: its value is missing
                reading(b, m, Slots.startEpochSecond(SLOT2), 500, 0x02, 1, 6);
                reading(b, m, Slots.endEpochSecond(SLOT2), 500 + m, 0x02, 1, 6);
            }
            b.add(99, Slots.endEpochSecond(SLOT2), 1, 0, 1, 1, 0x02, 6, 1, 0, 0); // unknown meter
            appender.append(b);
        }

        try (MdmsServer server = new MdmsServer(config, clock)) {
            await("readings consumed", () -> server.stats().accepted() == 4 && server.isLive(), Duration.ofSeconds(20));
            String before = scrape(server);
            assertThat(value(before, "ami_mdms_readings_total")).isEqualTo(5);
            assertThat(value(before, "ami_mdms_readings_rejected_total{reason=\"unknown_meter\"}")).isEqualTo(1);
            assertThat(value(before, "ami_mdms_journal_documents_total")).isEqualTo(1);
            assertThat(value(before, "ami_mdms_slots_finalized_total")).isZero();
            assertThat(value(before, "ami_delivery_latency_seconds_count")).isZero();
            assertThat(before).doesNotContain("ami_mdms_undelivered_slot_age_seconds ");

            clock.set(Slots.end(SLOT2).plus(Duration.ofMinutes(20))); // the cut-off
            await("slot finalised", () -> server.stats().slotsFinalized() == 1, Duration.ofSeconds(20));
            String after = scrape(server);
            assertThat(value(after, "ami_mdms_slots_finalized_total")).isEqualTo(1);
            assertThat(value(after, "ami_mdms_values{status=\"present\"}")).isEqualTo(2);
            assertThat(value(after, "ami_mdms_values{status=\"missing\"}")).isEqualTo(1);
            // one first-issue file per retailer, each downloadable 20 minutes after the slot's end
            assertThat(value(after, "ami_delivery_latency_seconds_count")).isEqualTo(2);
            assertThat(value(after, "ami_delivery_latency_seconds_sum")).isEqualTo(2 * 1200);
            assertThat(value(after, "ami_delivery_latency_seconds_bucket{le=\"900.0\"}")).isZero();
            assertThat(value(after, "ami_delivery_latency_seconds_bucket{le=\"1200.0\"}")).isEqualTo(2);
            assertThat(value(after, "ami_delivery_within_budget_ratio")).isEqualTo(1);
            assertThat(value(after, "ami_mdms_files_published_total{retailer=\"R0013\"}")).isEqualTo(1);
            assertThat(value(after, "ami_mdms_last_finalized_slot_end_timestamp_seconds")).isEqualTo(Slots.endEpochSecond(SLOT2));
            assertThat(value(after, "ami_mdms_undelivered_slot_age_seconds")).as("the next slot has not ended").isZero();
            assertThat(value(after, "ami_mdms_journal_lag_seconds")).isZero();

            // 80 minutes after the end of the next slot nothing more has come: that slot is not delivered
            clock.set(Slots.end(SLOT2 + 1).plus(Duration.ofMinutes(80)));
            await("the next slot finalised as missing", () -> server.stats().slotsFinalized() == 2, Duration.ofSeconds(20));
            clock.set(Slots.end(SLOT2 + 2).plus(Duration.ofMinutes(55)));
            assertThat(value(scrape(server), "ami_mdms_undelivered_slot_age_seconds")).isEqualTo(55 * 60);

            Optional<Promtool> promtool = Promtool.forTests();
            assumeTrue(promtool.isPresent(), Promtool.absentMessage());
            Promtool.Result lint = promtool.get().checkMetrics(after.getBytes(StandardCharsets.UTF_8));
            assertThat(lint.ok()).as(lint.output()).isTrue();
        }
    }

    private static String scrape(MdmsServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.deliveryPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of one series (name and labels exactly as written) in a scrape. */
    static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError("no series " + series + " in the scrape:\n" + scrape);
    }
}
