package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The full-disk measurement of bench/README.md, on a real small file system: run with
 * {@code -Djournal.fs=/mnt/amifull} on a tmpfs mounted for it ({@code mount -t tmpfs -o size=320m tmpfs /mnt/amifull}).
 * A filler file takes the free space under the 256 MiB floor: the head-end refuses; the filler is deleted: the
 * meter's resend is journaled. Off unless the property names a directory (it needs a mount, i.e. root).
 */
class JournalDiskFullOnTmpfsTest {
    @Test
    void a_real_file_system_filled_up_stops_the_acks_and_freeing_it_resumes_them() throws Exception {
        String fs = System.getProperty("journal.fs");
        assumeTrue(fs != null, "set -Djournal.fs to a small file system of its own (bench/README.md, full disk)");
        Path root = Path.of(fs);
        Path journal = Files.createTempDirectory(root, "journal");
        Path filler = root.resolve("filler-" + System.nanoTime());
        HesConfig config = HesConfig.builder(journal, Frames.MASTER_KEY).tcpPort(0).coapPort(0).httpPort(0)
                .firstMeterId(1000).meterCount(100).build();
        try (HesServer server = HesServer.start(config, Clock.fixed(Instant.parse("2026-11-22T01:05:00Z"), ZoneOffset.UTC));
             BatchClient client = BatchClient.connect(Transport.TCP, server)) {
            Frames frames = new Frames();
            assertThat(client.send(Frames.batch(CommPath.PLC, 1, List.of(frames.envelope(1000, 1)))).status())
                    .isEqualTo(AckStatus.JOURNALED);
            long free = Files.getFileStore(journal).getUsableSpace();
            fill(filler, free - (config.journalMinFreeBytes() / 2));
            byte[] batch = Frames.batch(CommPath.PLC, 2, List.of(frames.envelope(1001, 1), frames.envelope(1002, 1)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> client.send(batch).status() == AckStatus.OVERLOADED_RETRY);
            long refusedAt = server.stats().journalFullBatches();
            assertThat(refusedAt).isPositive();
            System.out.printf("journal fs %s: %d MiB free before the filler, %d MiB after; refused%n", fs, free >> 20,
                    Files.getFileStore(journal).getUsableSpace() >> 20);
            Files.delete(filler);
            long t0 = System.nanoTime();
            AckFrame[] last = new AckFrame[1];
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> (last[0] = client.send(batch)).status() == AckStatus.JOURNALED);
            System.out.printf("space back: resend journaled after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(last[0].accepted()).isEqualTo(2);
        } finally {
            Files.deleteIfExists(filler);
        }
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (long written = 0; written < bytes; written += block.length) {
                f.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
    }
}
