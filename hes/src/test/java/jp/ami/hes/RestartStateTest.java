package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A head-end started again on its journal (after a crash: `./ami bench chaos` found it) knows what it journaled
 * before: a meter's resend of an acknowledged batch is a duplicate, not journaled twice; the collection statistics
 * of the kept slots count the readings already received, so re-collection does not ask for them; new frames are
 * taken as usual.
 */
class RestartStateTest {
    @TempDir
    Path dir;

    @Test
    void a_restarted_head_end_takes_its_state_from_the_journal() throws Exception {
        HesConfig config = HesConfig.defaults(dir.resolve("journal"), Frames.MASTER_KEY).withPorts(0, 0).withMeters(1000, 100);
        Frames frames = new Frames();
        byte[] batch = Frames.batch(CommPath.PLC, 1, List.of(frames.envelope(1000, 1), frames.envelope(1001, 1)));
        long slot = Slots.closedBy(Frames.READING_EPOCH + 1800);
        try (HesServer first = HesServer.start(config, Frames.clock());
             BatchClient client = BatchClient.connect(Transport.TCP, first)) {
            assertThat(client.send(batch)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 1, 2, 0, 0));
        }

        try (HesServer again = HesServer.start(config, Frames.clock());
             BatchClient client = BatchClient.connect(Transport.TCP, again)) {
            assertThat(again.collection().slot(slot).firstTry()).isEqualTo(2);
            // the meters did not see the ack (the head-end died): they resend
            assertThat(client.send(batch)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 1, 0, 2, 0));
            assertThat(JournaledReadings.count(again)).isEqualTo(2);
            // the next readings are new
            byte[] next = Frames.batch(CommPath.PLC, 2, List.of(frames.envelope(1000, 2)));
            assertThat(client.send(next)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 2, 1, 0, 0));
            assertThat(JournaledReadings.count(again)).isEqualTo(3);
            assertThat(again.collection().slot(slot).firstTry()).isEqualTo(2);
        }
    }
}
