package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.ami.hes.coap.CoapIngestServer;
import jp.ami.hes.tcp.TcpIngestServer;
import jp.ami.journal.Journal;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded memory under overload: TCP stops reading instead of refusing; CoAP answers 5.03 with Max-Age. */
class OverloadTest {
    @TempDir
    Path dir;

    final Frames frames = new Frames();

    byte[] batch(long seq) {
        return Frames.batch(CommPath.PLC, seq, List.of(frames.envelope(1 + seq % 10, 1 + seq / 10)));
    }

    @Test
    void tcp_stops_reading_a_connection_while_the_ingest_queue_is_full_and_loses_nothing() throws Exception {
        IngestPathTest.GateClock clock = new IngestPathTest.GateClock();
        try (Journal journal = Journal.open(dir);
             IngestPath ingest = new IngestPath(MeterDirectory.range(1, 10), Frames.KEYS, journal, clock,
                     new IngestStats(), 2, 16);
             TcpIngestServer tcp = new TcpIngestServer(ingest, "127.0.0.1", 0).start();
             BatchClient.Tcp client = new BatchClient.Tcp(tcp.port())) {
            int n = 40;
            ByteBuffer all = ByteBuffer.allocate(n * 200);
            for (int seq = 0; seq < n; seq++) {
                byte[] b = batch(seq);
                all.putInt(b.length).put(b);
            }
            client.writeRaw(java.util.Arrays.copyOf(all.array(), all.position()));
            assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
            clock.release.countDown();
            List<AckFrame> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(client.readAck());
            }
            assertThat(acks).extracting(AckFrame::status).containsOnly(AckStatus.JOURNALED);
            assertThat(acks).extracting(AckFrame::batchSeq).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, n).boxed().toList());
            assertThat(ingest.stats().snapshot().overloadedBatches()).isZero();
        }
    }

    @Test
    void coap_answers_5_03_with_max_age_when_the_ingest_queue_is_full() throws Exception {
        IngestPathTest.GateClock clock = new IngestPathTest.GateClock();
        try (Journal journal = Journal.open(dir);
             IngestPath ingest = new IngestPath(MeterDirectory.range(1, 10), Frames.KEYS, journal, clock,
                     new IngestStats(), 1, 16)) {
            CoapIngestServer coap = new CoapIngestServer(ingest, "127.0.0.1", 0).start();
            CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(CoapIngestServer.configuration())
                    .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
            CoapClient client = new CoapClient("coap://127.0.0.1:" + coap.port() + "/" + CoapIngestServer.RESOURCE);
            try {
                endpoint.start();
                client.setEndpoint(endpoint);
                client.setTimeout(10_000L);
                // hold the ingest thread in batch 1, fill the one queue place with batch 2
                var first = ingest.submit(ByteBuffer.wrap(batch(1)), Transport.COAP);
                assertThat(clock.entered.await(10, TimeUnit.SECONDS)).isTrue();
                var second = ingest.submit(ByteBuffer.wrap(batch(2)), Transport.COAP);
                CoapResponse r = client.post(batch(3), MediaTypeRegistry.APPLICATION_OCTET_STREAM);
                assertThat(r.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
                assertThat(r.getOptions().getMaxAge()).isEqualTo(CoapIngestServer.RETRY_AFTER_SECONDS);
                assertThat(AckFrame.decode(r.getPayload())).isEqualTo(AckFrame.overloaded(3));
                clock.release.countDown();
                assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(AckStatus.JOURNALED);
                assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(AckStatus.JOURNALED);
                CoapResponse ok = client.post(batch(3), MediaTypeRegistry.APPLICATION_OCTET_STREAM);
                assertThat(ok.getCode()).isEqualTo(ResponseCode.CHANGED);
            } finally {
                client.shutdown();
                endpoint.destroy();
                coap.close();
            }
        }
    }
}
