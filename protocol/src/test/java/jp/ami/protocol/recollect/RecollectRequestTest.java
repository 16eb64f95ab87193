package jp.ami.protocol.recollect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingDecoder;
import jp.ami.protocol.echonet.DecodeResult;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import org.junit.jupiter.api.Test;

class RecollectRequestTest {
    final RecollectRequest request = new RecollectRequest(CommPath.PLC, 0xFFFF_FFFEL, 42,
            new long[] {1_000_000_001L, 1_000_000_002L}, new long[] {1_795_309_200L, 1_795_311_000L});

    @Test
    void encodes_the_documented_layout() {
        byte[] b = request.toBytes();
        assertThat(b).hasSize(18 + 2 * 16);
        ByteBuffer buf = ByteBuffer.wrap(b);
        assertThat(new byte[] {b[0], b[1], b[2], b[3]}).containsExactly('R', 'Q', 1, 2);
        assertThat(buf.getInt(4) & 0xFFFF_FFFFL).isEqualTo(0xFFFF_FFFEL);
        assertThat(buf.getLong(8)).isEqualTo(42);
        assertThat(buf.getShort(16)).isEqualTo((short) 2);
        assertThat(buf.getLong(18)).isEqualTo(1_000_000_001L);
        assertThat(buf.getLong(26)).isEqualTo(1_795_309_200L);
        assertThat(buf.getLong(34)).isEqualTo(1_000_000_002L);
        assertThat(buf.getLong(42)).isEqualTo(1_795_311_000L);
    }

    @Test
    void round_trips_and_is_told_apart_from_an_ack() {
        assertThat(RecollectRequest.decode(request.toBytes())).isEqualTo(request);
        assertThat(RecollectRequest.isRequest(ByteBuffer.wrap(request.toBytes()))).isTrue();
        assertThat(RecollectRequest.isRequest(ByteBuffer.wrap(new byte[] {'A', 'K', 1}))).isFalse();
    }

    @Test
    void rejects_malformed_requests() {
        byte[] b = request.toBytes();
        byte[] truncated = java.util.Arrays.copyOf(b, b.length - 1);
        assertThatThrownBy(() -> RecollectRequest.decode(truncated)).isInstanceOf(InvalidValueException.class);
        byte[] badVersion = b.clone();
        badVersion[2] = 9;
        assertThatThrownBy(() -> RecollectRequest.decode(badVersion)).isInstanceOf(InvalidValueException.class);
        byte[] badPath = b.clone();
        badPath[3] = 7;
        assertThatThrownBy(() -> RecollectRequest.decode(badPath)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> RecollectRequest.decode(new byte[5])).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new RecollectRequest(CommPath.PLC, 1, 1, new long[0], new long[0]))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void get_sna_frame_lists_the_property_with_pdc_zero_and_is_not_a_reading() {
        ByteBuffer b = ByteBuffer.allocate(32);
        int n = MeterReadingEncoder.encodeGetSna(7, EchonetLite.EPC_FIXED_TIME_NORMAL, b);
        b.flip();
        assertThat(n).isEqualTo(14).isEqualTo(b.remaining());
        assertThat(b.get(10) & 0xFF).isEqualTo(EchonetLite.ESV_GET_SNA);
        assertThat(b.get(11)).isEqualTo((byte) 1);
        assertThat(b.get(12) & 0xFF).isEqualTo(0xEA);
        assertThat(b.get(13)).isEqualTo((byte) 0);
        assertThat(MeterReadingDecoder.decode(b, new MeterReading())).isEqualTo(DecodeResult.UNSUPPORTED_ESV);
    }
}
