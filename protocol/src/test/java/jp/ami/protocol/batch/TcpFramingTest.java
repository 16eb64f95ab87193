package jp.ami.protocol.batch;

import static jp.ami.protocol.Hex.bytes;
import static jp.ami.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

class TcpFramingTest {
    static final String ACK = "414b 01 00 0000000000000009 0002 0001 0000";

    @Test
    void strips_the_length_prefix_from_frames_split_across_reads() {
        EmbeddedChannel ch = new EmbeddedChannel();
        TcpFraming.addTo(ch.pipeline());
        byte[] wire = bytes("00000012 " + ACK + " 00000001 ff");
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 10))).isFalse();
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(wire, 10, wire.length - 10))).isTrue();
        ByteBuf first = ch.readInbound();
        ByteBuf second = ch.readInbound();
        try {
            assertThat(hex(BatchFrameTest.readAll(first))).isEqualTo(hex(bytes(ACK)));
            assertThat(hex(BatchFrameTest.readAll(second))).isEqualTo("ff");
        } finally {
            first.release();
            second.release();
        }
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void prepends_the_length_outbound() {
        EmbeddedChannel ch = new EmbeddedChannel();
        TcpFraming.addTo(ch.pipeline());
        assertThat(ch.writeOutbound(Unpooled.wrappedBuffer(AckFrame.journaled(9, 2, 1, 0).toBytes()))).isTrue();
        ByteBuf prefix = ch.readOutbound();
        StringBuilder out = new StringBuilder(hex(BatchFrameTest.readAll(prefix)));
        prefix.release();
        ByteBuf more;
        while ((more = ch.readOutbound()) != null) {
            out.append(hex(BatchFrameTest.readAll(more)));
            more.release();
        }
        assertThat(out.toString()).isEqualTo(hex(bytes("00000012 " + ACK)));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void rejects_an_oversized_frame_and_keeps_decoding() {
        EmbeddedChannel ch = new EmbeddedChannel();
        TcpFraming.addTo(ch.pipeline(), 8);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(bytes("00000005 0102030405"))))
                .isInstanceOf(TooLongFrameException.class);
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(bytes("00000002 0a0b")))).isTrue();
        ByteBuf ok = ch.readInbound();
        try {
            assertThat(hex(BatchFrameTest.readAll(ok))).isEqualTo("0a0b");
        } finally {
            ok.release();
        }
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void the_prepender_is_shared() {
        assertThat(TcpFraming.prepender().isSharable()).isTrue();
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        TcpFraming.addTo(a.pipeline());
        TcpFraming.addTo(b.pipeline());
        assertThat(a.pipeline().get(TcpFraming.PREPENDER_NAME)).isSameAs(b.pipeline().get(TcpFraming.PREPENDER_NAME));
        assertThat(a.finish()).isFalse();
        assertThat(b.finish()).isFalse();
    }
}
