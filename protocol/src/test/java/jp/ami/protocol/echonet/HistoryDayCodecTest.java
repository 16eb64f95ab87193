package jp.ami.protocol.echonet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;
import jp.ami.model.Slots;
import jp.ami.protocol.recollect.RecollectRequest;
import org.junit.jupiter.api.Test;

class HistoryDayCodecTest {
    /** 2026-12-04 00:00 JST. */
    static final long TODAY = LocalDate.of(2026, 12, 4).atStartOfDay().toEpochSecond(Slots.JST);

    static HistoryDay day() {
        HistoryDay h = new HistoryDay().set(0x1234, TODAY, 1, 10, 6, 0x01);
        for (int k = 0; k < 48; k += 2) {
            h.value(k, 100_000 + k * 7L);
        }
        return h;
    }

    static ByteBuffer encode(HistoryDay h) {
        ByteBuffer b = ByteBuffer.allocate(HistoryDayCodec.encodedLength(h));
        HistoryDayCodec.encode(h, b);
        return b.flip();
    }

    @Test
    void writes_the_documented_layout_and_round_trips() {
        ByteBuffer b = encode(day());
        assertThat(b.remaining()).isEqualTo(HistoryDayCodec.FRAME_LENGTH).isEqualTo(12 + 6 + 196 + 6 + 3 + 3);
        assertThat(b.get(10) & 0xFF).isEqualTo(0x72);
        assertThat(b.get(12) & 0xFF).isEqualTo(0x98);
        assertThat(b.getShort(14)).isEqualTo((short) 2026);
        assertThat(b.get(18) & 0xFF).isEqualTo(0xE2);
        assertThat(b.get(19) & 0xFF).isEqualTo(194);
        assertThat(b.getShort(20)).isEqualTo((short) 1);
        assertThat(b.getInt(22)).isEqualTo(100_000);
        assertThat(b.getInt(26)).isEqualTo((int) 0xFFFF_FFFEL);
        assertThat(HistoryDayCodec.carriesHistory(b)).isTrue();

        HistoryDay out = new HistoryDay();
        assertThat(HistoryDayCodec.decode(b, out)).isEqualTo(DecodeResult.OK);
        assertThat(out.dayStartEpochSecond()).isEqualTo(TODAY - 86_400);
        assertThat(out.boundaryEpochSecond(47)).isEqualTo(TODAY - 1800);
        assertThat(out.value(2)).isEqualTo(100_014);
        assertThat(out.value(3)).isEqualTo(EchonetLite.HISTORY_NO_DATA);
        assertThat(out.coefficient()).isEqualTo(10);
        assertThat(out.digits()).isEqualTo(6);
        // the 30-minute decoder does not take it for a reading
        assertThat(MeterReadingDecoder.decode(b, new MeterReading())).isNotEqualTo(DecodeResult.OK);
    }

    @Test
    void rejects_a_wrong_history_length_a_far_day_and_an_out_of_range_value() {
        ByteBuffer b = encode(day());
        ByteBuffer shortPdc = ByteBuffer.allocate(b.remaining() - 4);
        shortPdc.put(b.duplicate().limit(18)).put((byte) 0xE2).put((byte) 190);
        shortPdc.put(b.duplicate().position(20).limit(20 + 190)).put(b.duplicate().position(214)).flip();
        assertThat(HistoryDayCodec.decode(shortPdc, new HistoryDay())).isEqualTo(DecodeResult.BAD_HISTORY_LENGTH);

        ByteBuffer far = encode(day());
        far.putShort(20, (short) 100);
        assertThat(HistoryDayCodec.decode(far, new HistoryDay())).isEqualTo(DecodeResult.BAD_HISTORY_DAY);

        ByteBuffer big = encode(day());
        big.putInt(22, 1_000_000); // digits 6
        assertThat(HistoryDayCodec.decode(big, new HistoryDay())).isEqualTo(DecodeResult.REGISTER_OUT_OF_RANGE);

        ByteBuffer truncated = encode(day()).limit(100);
        assertThat(HistoryDayCodec.decode(truncated, new HistoryDay())).isEqualTo(DecodeResult.TRUNCATED);
    }

    @Test
    void a_history_pull_request_is_version_2_and_round_trips() {
        RecollectRequest r = RecollectRequest.historyPull(CommPath.WISUN, 7, 9, new long[] {5}, new long[] {TODAY});
        byte[] bytes = r.toBytes();
        assertThat(bytes[2]).isEqualTo((byte) 2);
        RecollectRequest back = RecollectRequest.decode(bytes);
        assertThat(back.history()).isTrue();
        assertThat(back).isEqualTo(r);
        assertThatThrownBy(() -> RecollectRequest.historyPull(CommPath.WISUN, 7, 9, new long[] {5}, new long[] {TODAY + 1800}))
                .isInstanceOf(InvalidValueException.class);
    }
}
