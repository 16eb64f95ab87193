package jp.ami.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One border router with several block-wise batches in flight at once: each is journaled exactly once. */
class CoapBatchClientTest {
    static final byte[] KEY = java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @TempDir
    Path dir;

    @Test
    void one_router_has_several_blockwise_batches_in_flight() throws Exception {
        int batches = 6;
        int perBatch = 120; // ~8 KiB: several 1 KiB blocks each
        long firstMeter = 7_000_001L;
        long boundary = 1_795_309_200L; // 2026-11-22 10:00 JST; the head-end's clock stands a minute after it
        ManualClock clock = ManualClock.atEpochSecond(boundary + 60);
        HesConfig config = HesConfig.defaults(dir.resolve("journal"), KEY).withPorts(0, 0)
                .withMeters(firstMeter, batches * perBatch).withRecollection(List.of(), Duration.ofMinutes(20));
        EnvelopeSealer sealer = new EnvelopeSealer(new MeterKeys(KEY));
        MeterReading r = new MeterReading();
        ByteBuffer plain = ByteBuffer.allocate(64);
        List<byte[]> frames = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
            BatchWriter w = new BatchWriter().begin(buf, CommPath.WISUN, 1, b + 1);
            for (int i = 0; i < perBatch; i++) {
                r.set(1, Direction.NORMAL, boundary, 1000 + i, 1, 8, 0x02);
                plain.clear();
                MeterReadingEncoder.encode(r, plain);
                plain.flip();
                assertThat(w.addSealed(sealer, firstMeter + (long) b * perBatch + i, 5, plain)).isTrue();
            }
            frames.add(java.util.Arrays.copyOf(buf.array(), w.finish()));
        }
        assertThat(frames.get(0).length).isGreaterThan(4 * 1024);
        try (HesServer hes = HesServer.start(config, clock);
             CoapBatchClient client = new CoapBatchClient(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), hes.coapPort()), 10_000)) {
            List<CompletableFuture<AckFrame>> acks = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                acks.add(client.send(CommPath.WISUN, 1, b + 1, frames.get(b)));
            }
            for (int b = 0; b < batches; b++) {
                AckFrame ack = acks.get(b).get(30, TimeUnit.SECONDS);
                assertThat(ack.status()).isEqualTo(AckStatus.JOURNALED);
                assertThat(ack.batchSeq()).isEqualTo(b + 1);
                assertThat(ack.accepted()).isEqualTo(perBatch);
            }
            // a resend of one of them: all duplicates
            AckFrame again = client.send(CommPath.WISUN, 1, 3, frames.get(2)).get(30, TimeUnit.SECONDS);
            assertThat(again.accepted()).isZero();
            assertThat(again.duplicates()).isEqualTo(perBatch);
            assertThat(hes.stats().framesJournaled(CommPath.WISUN)).isEqualTo((long) batches * perBatch);
        }
    }
}
