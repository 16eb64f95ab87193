package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CoAP port's source allow-list against a real head-end: datagrams from an address outside it (here 127.0.0.3,
 * with the border routers' 127.0.0.1/32 allowed) are dropped before parsing and counted, even a valid batch; a
 * border router inside it is served as before.
 */
class CoapSourceAllowListTest {
    @TempDir
    Path dir;

    @Test
    void datagrams_from_outside_the_allowed_subnets_are_dropped_and_counted_and_routers_inside_are_served() throws Exception {
        HesConfig config = HesConfig.defaults(dir.resolve("journal"), Frames.MASTER_KEY).withPorts(0, 0).withMeters(1000, 100)
                .with().coapAllow(List.of("127.0.0.1/32")).build();
        Frames frames = new Frames();
        byte[] batch = Frames.batch(CommPath.WISUN, 1, List.of(frames.envelope(1000, 1), frames.envelope(1001, 1)));
        try (HesServer server = HesServer.start(config, Clock.fixed(Instant.parse("2026-11-22T01:05:00Z"), ZoneOffset.UTC));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0))) {
            byte[] junk = {0x44, 0x02, 0, 1, 1, 2, 3, 4};
            for (int i = 0; i < 5; i++) {
                stranger.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), server.coapPort()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.coapDroppedDatagrams() == 5);
            try (BatchClient client = BatchClient.connect(Transport.COAP, server)) {
                assertThat(client.send(batch)).isEqualTo(new AckFrame(AckStatus.JOURNALED, 1, 2, 0, 0));
            }
            assertThat(server.coapDroppedDatagrams()).isEqualTo(5);
        }
        assertThatThrownBy(() -> HesConfig.defaults(dir.resolve("j2"), Frames.MASTER_KEY).with().coapAllow(List.of("10.1.0.0")).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("must be a subnet");
    }
}
