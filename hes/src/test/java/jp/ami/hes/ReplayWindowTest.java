package jp.ami.hes;

import static jp.ami.hes.ReplayWindow.DUPLICATE;
import static jp.ami.hes.ReplayWindow.NEW;
import static jp.ami.hes.ReplayWindow.NONE;
import static jp.ami.hes.ReplayWindow.STALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import jp.ami.journal.Journal;
import jp.ami.journal.ReadingBatch;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayWindowTest {
    @Test
    void late_frames_inside_the_window_are_new_once_then_duplicates() {
        long s = ReplayWindow.mark(NONE, 10);
        assertThat(ReplayWindow.check(s, 10)).isEqualTo(DUPLICATE);
        assertThat(ReplayWindow.check(s, 11)).isEqualTo(NEW);
        assertThat(ReplayWindow.check(s, 9)).isEqualTo(NEW);
        s = ReplayWindow.mark(s, 12);
        s = ReplayWindow.mark(s, 9);
        assertThat(ReplayWindow.check(s, 9)).isEqualTo(DUPLICATE);
        assertThat(ReplayWindow.check(s, 11)).isEqualTo(NEW);
        assertThat(ReplayWindow.check(s, 12)).isEqualTo(DUPLICATE);
        assertThat(ReplayWindow.check(s, 10)).isEqualTo(DUPLICATE);
    }

    @Test
    void frames_older_than_the_window_are_stale() {
        long s = ReplayWindow.mark(NONE, 100);
        assertThat(ReplayWindow.check(s, 100 - ReplayWindow.WIDTH + 1)).isEqualTo(NEW);
        assertThat(ReplayWindow.check(s, 100 - ReplayWindow.WIDTH)).isEqualTo(STALE);
        s = ReplayWindow.mark(s, 1000);
        assertThat(ReplayWindow.check(s, 100)).isEqualTo(STALE);
        assertThat(ReplayWindow.check(s, 999)).isEqualTo(NEW);
    }

    @Test
    void works_at_the_top_of_the_u32_counter_range() {
        long top = 0xFFFF_FFFEL;
        long s = ReplayWindow.mark(NONE, top);
        assertThat(ReplayWindow.check(s, top)).isEqualTo(DUPLICATE);
        assertThat(ReplayWindow.check(s, top - 1)).isEqualTo(NEW);
        assertThat(s).isNotEqualTo(NONE);
    }

    @Test
    void ingest_accepts_a_reading_that_arrives_after_a_later_one_and_drops_its_resend(@TempDir Path dir) {
        Frames frames = new Frames();
        try (Journal journal = Journal.open(dir);
             IngestPath ingest = new IngestPath(MeterDirectory.range(1, 10), Frames.KEYS, journal, Frames.clock())) {
            ByteBuffer later = ByteBuffer.wrap(Frames.batch(CommPath.WISUN, 1, List.of(frames.envelope(5, 2))));
            ByteBuffer earlier = ByteBuffer.wrap(Frames.batch(CommPath.WISUN, 2, List.of(frames.envelope(5, 1))));
            assertThat(ingest.ingest(later, Transport.COAP)).isEqualTo(AckFrame.journaled(1, 1, 0, 0));
            assertThat(ingest.ingest(earlier.duplicate(), Transport.COAP)).isEqualTo(AckFrame.journaled(2, 1, 0, 0));
            assertThat(ingest.ingest(earlier.duplicate(), Transport.COAP)).isEqualTo(AckFrame.journaled(2, 0, 1, 0));
            ByteBuffer ancient = ByteBuffer.wrap(Frames.batch(CommPath.WISUN, 3,
                    List.of(frames.envelope(5, 40), frames.envelope(5, 3))));
            assertThat(ingest.ingest(ancient, Transport.COAP)).isEqualTo(AckFrame.journaled(3, 1, 0, 1));
            assertThat(ingest.stats().snapshot().rejected()).containsEntry("stale_counter", 1L);
            ReadingBatch read = new ReadingBatch();
            long total = 0;
            try (var t = journal.tailerFromStart()) {
                while (t.poll(read)) {
                    total += read.size();
                }
            }
            assertThat(total).isEqualTo(3);
        }
    }
}
