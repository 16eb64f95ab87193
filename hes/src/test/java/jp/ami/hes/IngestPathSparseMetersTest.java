package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.ami.journal.Journal;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory that is not one dense ID range: per-meter state through the hash index, growing past its first size. */
class IngestPathSparseMetersTest {
    /** Meters 1000, 2000, …, 300000: not a range, no {@link MeterDirectory#denseFirst()}. */
    static final MeterDirectory SPARSE = meterId -> meterId > 0 && meterId % 1000 == 0 && meterId <= 300_000;

    @Test
    void sparse_meters_keep_their_own_windows(@TempDir Path dir) {
        Frames frames = new Frames();
        try (Journal journal = Journal.open(dir);
             IngestPath ingest = new IngestPath(SPARSE, Frames.KEYS, journal, Frames.clock(), new IngestStats(), 16, 4)) {
            List<byte[]> first = new ArrayList<>();
            for (long m = 1000; m <= 300_000; m += 1000) {
                first.add(frames.envelope(m, 1));
            }
            first.add(frames.envelope(1001, 1)); // unknown
            assertThat(ingest.ingest(ByteBuffer.wrap(Frames.batch(CommPath.PLC, 1, first)), Transport.TCP))
                    .isEqualTo(AckFrame.journaled(1, 300, 0, 1));
            // the resend is all duplicates; a new counter of one meter is accepted, an old one of another too (reordered)
            assertThat(ingest.ingest(ByteBuffer.wrap(Frames.batch(CommPath.PLC, 1, first)), Transport.TCP))
                    .isEqualTo(AckFrame.journaled(1, 0, 300, 1));
            List<byte[]> next = List.of(frames.envelope(5000, 2), frames.envelope(7000, 2), frames.envelope(7000, 2));
            assertThat(ingest.ingest(ByteBuffer.wrap(Frames.batch(CommPath.PLC, 2, next)), Transport.TCP))
                    .isEqualTo(AckFrame.journaled(2, 2, 1, 0));
            assertThat(ingest.stats().snapshot().rejected()).containsEntry("unknown_meter", 2L);
        }
    }
}
