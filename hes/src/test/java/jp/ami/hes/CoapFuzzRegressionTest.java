package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datagrams found by {@code ./ami bench fuzz} (target {@code coap-datagram}) on which Californium's parser throws an
 * {@code IllegalStateException} rather than its format exception: an empty message carrying a payload, and a payload
 * beyond its Block1 size. Sent to a real head-end's CoAP port, they are dropped without a reading journaled, and the
 * port goes on serving a legitimate border router.
 */
class CoapFuzzRegressionTest {
    static final List<String> INPUTS = List.of("coap-empty-message-with-payload.bin", "coap-payload-beyond-block-size.bin");

    @TempDir
    Path dir;

    @Test
    void datagrams_that_trip_the_coap_parser_are_dropped_and_the_port_keeps_serving() throws Exception {
        HesConfig config = HesConfig.defaults(dir.resolve("journal"), Frames.MASTER_KEY).withPorts(0, 0).withMeters(1000, 100);
        try (HesServer server = HesServer.start(config, Clock.fixed(Instant.parse("2026-11-22T01:05:00Z"), ZoneOffset.UTC));
             DatagramSocket socket = new DatagramSocket()) {
            for (String name : INPUTS) {
                byte[] datagram;
                try (InputStream in = getClass().getResourceAsStream("fuzz/" + name)) {
                    datagram = in.readAllBytes();
                }
                for (int i = 0; i < 3; i++) {
                    socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), server.coapPort()));
                }
            }
            try (BatchClient client = BatchClient.connect(Transport.COAP, server)) {
                Frames frames = new Frames();
                AckFrame ack = client.send(Frames.batch(CommPath.WISUN, 1, List.of(frames.envelope(1000, 1), frames.envelope(1001, 1))));
                assertThat(ack).isEqualTo(new AckFrame(AckStatus.JOURNALED, 1, 2, 0, 0));
            }
            assertThat(server.stats().snapshot().framesJournaled()).containsEntry(CommPath.WISUN.key(), 2L);
        }
    }
}
