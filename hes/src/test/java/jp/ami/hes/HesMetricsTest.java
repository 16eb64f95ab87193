package jp.ami.hes;

import static jp.ami.service.testing.Scrapes.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.service.testing.Scrapes;
import org.junit.jupiter.api.Test;

/** The head-end's {@code /metrics}, scraped over HTTP from a real server fed over TCP. */
class HesMetricsTest extends HesAndClient {
    @Test
    void journaled_rejected_resent_and_acked_batches_show_in_the_scrape_and_rise() throws Exception {
        start(config().withRecollection(List.of(), Duration.ofMinutes(20)), Frames.clock(), Transport.TCP);

        String before = scrape();
        assertThat(value(before, "ami_hes_readings_journaled_total{path=\"plc\"}")).isZero();
        assertThat(before).contains("# TYPE ami_hes_readings_journaled_total counter", "jvm_memory_used_bytes");

        byte[] batch = Frames.batch(CommPath.PLC, 1, List.of(frames.envelope(1000, 1), frames.envelope(1001, 1)));
        client.send(batch);
        String after = scrape();
        assertThat(value(after, "ami_hes_readings_journaled_total{path=\"plc\"}")).isEqualTo(2);
        assertThat(value(after, "ami_hes_batches_total{transport=\"tcp\"}")).isEqualTo(1);
        assertThat(value(after, "ami_hes_acks_total{status=\"JOURNALED\"}")).isEqualTo(1);

        client.send(batch); // the resend of a batch whose ack was lost
        client.send(Frames.batch(CommPath.PLC, 2, List.of(Frames.tamperTag(frames.envelope(1002, 1)), frames.envelope(1003, 1))));
        String later = scrape();
        assertThat(value(later, "ami_hes_readings_journaled_total{path=\"plc\"}")).isEqualTo(3);
        assertThat(value(later, "ami_hes_readings_rejected_total{path=\"plc\",reason=\"bad_tag\"}")).isEqualTo(1);
        assertThat(value(later, "ami_hes_readings_rejected_total{path=\"wisun\",reason=\"bad_tag\"}")).isZero();
        assertThat(value(later, "ami_hes_readings_duplicate_total")).isEqualTo(2);
        assertThat(value(later, "ami_hes_batches_resent_total")).isEqualTo(1);
        assertThat(value(later, "ami_hes_acks_total{status=\"JOURNALED\"}")).isEqualTo(3);

        Scrapes.assertPromtoolAccepts(later);
    }

    @Test
    void collection_rates_per_window_path_and_area_and_before_the_cutoff() {
        CollectionStats stats = new CollectionStats();
        long slot = Slots.closedBy(Frames.READING_EPOCH);
        long end = Slots.endEpochSecond(slot);
        long plc = (long) CommPath.PLC.code() << 32 | 7;
        long wisun = (long) CommPath.WISUN.code() << 32 | 9;
        // 4 expected: one PLC reading at once, one Wi-SUN reading recovered at 15 min, one more 40 min late, one never
        stats.received(slot, plc, 3, false, end + 60);
        assertThat(stats.beforeCutoff(end + 300)).as("no scan yet: nothing expected known").isNull();
        stats.scanned(slot, Map.of(plc, new long[]{2, 1}, wisun, new long[]{2, 2}), Map.of(3, new long[]{4, 3}), 3, false);
        stats.received(slot, wisun, 3, true, end + 15 * 60);
        CollectionStats.Rate open = stats.beforeCutoff(end + 16 * 60);
        assertThat(open.total()).isEqualTo(0.5);
        assertThat(open.ageSeconds()).isEqualTo(16 * 60);
        stats.scanned(slot, Map.of(plc, new long[]{2, 1}, wisun, new long[]{2, 1}), Map.of(3, new long[]{4, 2}), 0, true);
        assertThat(stats.beforeCutoff(end + 21 * 60)).as("past the final scan").isNull();
        stats.received(slot, plc, 3, false, end + 40 * 60);

        assertThat(stats.within(CollectionStats.Window.MIN_30, end + 29 * 60)).as("window still open").isNull();
        CollectionStats.Rate in30 = stats.within(CollectionStats.Window.MIN_30, end + 31 * 60);
        assertThat(in30.slotIndex()).isEqualTo(slot);
        assertThat(in30.total()).isEqualTo(0.5);
        assertThat(in30.byPath()).containsEntry("plc", 0.5).containsEntry("wisun", 0.5);
        assertThat(in30.byArea()).containsEntry("03", 0.5);
        assertThat(stats.within(CollectionStats.Window.HOURS_48, end + 47 * 3600)).isNull();
        CollectionStats.Rate in48 = stats.within(CollectionStats.Window.HOURS_48, end + 48 * 3600);
        assertThat(in48.total()).isEqualTo(0.75);
        assertThat(in48.byPath()).containsEntry("plc", 1.0).containsEntry("wisun", 0.5);
    }

    private String scrape() throws Exception {
        return Scrapes.scrape(server.httpPort());
    }
}
