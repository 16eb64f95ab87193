package jp.ami.mdms;

import static jp.ami.mdms.Fixtures.SLOT2;
import static jp.ami.mdms.Fixtures.await;
import static jp.ami.service.testing.Scrapes.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import jp.ami.service.testing.Scrapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MDMS's {@code /metrics} on its internal delivery port, scraped over HTTP while a slot goes through. */
class MdmsMetricsTest {
    @TempDir
    Path dir;

    @Test
    void readings_values_and_the_delivery_latency_of_a_finalised_slot_show_in_the_scrape() throws Exception {
        MdmsConfig config = Fixtures.threePointServerConfig(dir);
        ManualClock clock = new ManualClock(Slots.end(SLOT2));
        Fixtures.journalSlot2(config, 10, 11); // meter 12 sends nothing: its value is missing

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

            Scrapes.assertPromtoolAccepts(after);
        }
    }

    private static String scrape(MdmsServer server) throws Exception {
        return Scrapes.scrape(server.deliveryPort());
    }
}
