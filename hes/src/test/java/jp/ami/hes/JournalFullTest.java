package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's file system under its free-space floor: the head-end stops acknowledging (OVERLOADED_RETRY,
 * counted), journals nothing, and once space returns the meters' resent batch is journaled whole — nothing
 * acknowledged is lost, nothing is doubled. The free space comes from a probe set per test (a real full disk is
 * measured with a tmpfs in bench/README.md); the floor on the real file system is checked too.
 */
class JournalFullTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void under_the_floor_batches_are_refused_and_the_resend_after_space_returns_is_journaled_once(Transport transport)
            throws Exception {
        HesConfig config = HesConfig.defaults(dir.resolve("journal"), Frames.MASTER_KEY).withPorts(0, 0).withMeters(1000, 100);
        try (HesServer server = HesServer.start(config, Clock.fixed(Instant.parse("2026-11-22T01:05:00Z"), ZoneOffset.UTC));
             BatchClient client = BatchClient.connect(transport, server)) {
            AtomicLong free = new AtomicLong(10L << 20);
            server.ingest().journalSpace(new JournalSpace(free::get, 64L << 20));
            CommPath path = transport == Transport.TCP ? CommPath.PLC : CommPath.WISUN;
            Frames frames = new Frames();
            byte[] batch = Frames.batch(path, 1, List.of(frames.envelope(1000, 1), frames.envelope(1001, 1)));

            assertThat(client.send(batch)).isEqualTo(AckFrame.overloaded(1));
            assertThat(server.stats().journalFullBatches()).isEqualTo(1);
            assertThat(server.journal().lastIndex()).isEqualTo(-1);

            free.set(1L << 30);
            // the meter resends until journaled (the free space is read again at most every RECHECK_MILLIS)
            AckFrame[] last = new AckFrame[1];
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(10))
                    .until(() -> (last[0] = client.send(batch)).status() == AckStatus.JOURNALED);
            assertThat(last[0]).isEqualTo(new AckFrame(AckStatus.JOURNALED, 1, 2, 0, 0));
            assertThat(client.send(batch).duplicates()).isEqualTo(2);
            assertThat(JournaledReadings.count(server)).isEqualTo(2);
            assertThat(server.stats().journalFullBatches()).isEqualTo(server.stats().acks(AckStatus.OVERLOADED_RETRY));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = "TCP")
    void a_floor_above_the_real_free_space_refuses_and_zero_turns_it_off(Transport transport) throws Exception {
        HesConfig config = HesConfig.builder(dir.resolve("journal"), Frames.MASTER_KEY).tcpPort(0).coapPort(0).httpPort(0)
                .firstMeterId(1000).meterCount(100).journalMinFreeBytes(Long.MAX_VALUE).build();
        try (HesServer server = HesServer.start(config, Clock.fixed(Instant.parse("2026-11-22T01:05:00Z"), ZoneOffset.UTC));
             BatchClient client = BatchClient.connect(transport, server)) {
            Frames frames = new Frames();
            assertThat(client.send(Frames.batch(CommPath.PLC, 1, List.of(frames.envelope(1000, 1))))).isEqualTo(AckFrame.overloaded(1));
            assertThat(server.ingest().journalSpace().lastFreeBytes()).isPositive().isLessThan(Long.MAX_VALUE);
            server.ingest().journalSpace(JournalSpace.of(dir.resolve("journal"), 0));
            assertThat(client.send(Frames.batch(CommPath.PLC, 2, List.of(frames.envelope(1000, 1)))).status())
                    .isEqualTo(AckStatus.JOURNALED);
        }
    }
}
