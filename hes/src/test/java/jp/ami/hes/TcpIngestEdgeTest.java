package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.batch.BatchFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpIngestEdgeTest {
    @TempDir
    Path dir;

    @Test
    void answers_pipelined_batches_in_order_and_survives_an_oversized_frame() throws Exception {
        HesConfig config = HesConfig.defaults(dir, Frames.MASTER_KEY).withPorts(0, 0).withMeters(1000, 10);
        Frames frames = new Frames();
        try (HesServer server = HesServer.start(config, Frames.clock());
             BatchClient.Tcp client = new BatchClient.Tcp(server.tcpPort())) {
            // three batches written back to back before reading any ack
            ByteBuffer wire = ByteBuffer.allocate(4096);
            for (int seq = 1; seq <= 3; seq++) {
                byte[] b = Frames.batch(CommPath.RELAY, seq, List.of(frames.envelope(1000, seq)));
                wire.putInt(b.length).put(b);
            }
            client.writeRaw(java.util.Arrays.copyOf(wire.array(), wire.position()));
            for (int seq = 1; seq <= 3; seq++) {
                assertThat(client.readAck()).isEqualTo(new AckFrame(AckStatus.JOURNALED, seq, 1, 0, 0));
            }
            // a length prefix over the limit: answered MALFORMED_BATCH, the decoder discards the body
            byte[] big = new byte[BatchFrame.MAX_BYTES + 1];
            ByteBuffer oversized = ByteBuffer.allocate(4 + big.length).putInt(big.length).put(big);
            client.writeRaw(oversized.array());
            assertThat(client.readAck().status()).isEqualTo(AckStatus.MALFORMED_BATCH);
            assertThat(client.send(Frames.batch(CommPath.RELAY, 4, List.of(frames.envelope(1000, 4)))).accepted())
                    .isEqualTo(1);
        }
    }
}
