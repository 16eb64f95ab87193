package jp.ami.protocol.echonet;

import static jp.ami.protocol.Hex.bytes;
import static jp.ami.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.SplittableRandom;
import jp.ami.model.Slots;
import org.junit.jupiter.api.Test;

class MeterReadingCodecTest {
    /** INF, TID 1, 2026-11-22 10:00:00 JST, register 123456, coefficient 1, 6 digits, unit 0.01 kWh. */
    static final String INF = "1081 0001 028801 05ff01 73 04"
            + " ea 0b 07ea 0b 16 0a 00 00 0001e240"
            + " d3 04 00000001"
            + " d7 01 06"
            + " e1 01 02";
    /** 2026-11-22T01:00:00Z. */
    static final long EPOCH = 1_795_309_200L;

    final MeterReading r = new MeterReading();

    @Test
    void decodes_the_30_minute_inf() {
        assertThat(MeterReadingDecoder.decode(ByteBuffer.wrap(bytes(INF)), r)).isEqualTo(DecodeResult.OK);
        assertThat(r.tid()).isEqualTo(1);
        assertThat(r.esv()).isEqualTo(EchonetLite.ESV_INF);
        assertThat(r.direction()).isEqualTo(Direction.NORMAL);
        assertThat(r.readingEpochSecond()).isEqualTo(EPOCH);
        assertThat(r.register()).isEqualTo(123_456L);
        assertThat(r.coefficient()).isEqualTo(1);
        assertThat(r.coefficientPresent()).isTrue();
        assertThat(r.digits()).isEqualTo(6);
        assertThat(r.unitCode()).isEqualTo(0x02);
    }

    @Test
    void encodes_the_30_minute_inf() {
        r.set(1, Direction.NORMAL, EPOCH, 123_456L, 1, 6, 0x02);
        assertThat(hex(MeterReadingEncoder.toBytes(r))).isEqualTo(hex(bytes(INF)));
        assertThat(MeterReadingEncoder.encodedLength(r)).isEqualTo(EchonetLite.READING_FRAME_LENGTH).isEqualTo(37);
    }

    @Test
    void encodes_into_a_bytebuf() {
        r.set(1, Direction.NORMAL, EPOCH, 123_456L, 1, 6, 0x02);
        ByteBuf buf = Unpooled.buffer(4);
        try {
            buf.writeByte(0x99);
            assertThat(MeterReadingEncoder.encode(r, buf)).isEqualTo(37);
            assertThat(buf.readByte()).isEqualTo((byte) 0x99);
            byte[] out = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), out);
            assertThat(hex(out)).isEqualTo(hex(bytes(INF)));
            assertThat(MeterReadingDecoder.decode(buf, new MeterReading())).isEqualTo(DecodeResult.OK);
        } finally {
            buf.release();
        }
    }

    @Test
    void decodes_reverse_direction_without_coefficient_in_any_order_skipping_unknown_properties() {
        String frame = "1081 00ff 028801 05ff01 73 04"
                + " e1 01 0a"                       // unit 10 kWh first
                + " e7 04 000003e8"                 // instantaneous power, skipped
                + " eb 0b 07e8 02 1d 17 1e 00 05f5e0ff" // 2024-02-29 23:30 JST, 99999999
                + " d7 01 08";
        assertThat(MeterReadingDecoder.decode(ByteBuffer.wrap(bytes(frame)), r)).isEqualTo(DecodeResult.OK);
        assertThat(r.tid()).isEqualTo(0xFF);
        assertThat(r.direction()).isEqualTo(Direction.REVERSE);
        assertThat(r.coefficient()).isEqualTo(1);
        assertThat(r.coefficientPresent()).isFalse();
        assertThat(r.register()).isEqualTo(99_999_999L);
        assertThat(r.digits()).isEqualTo(8);
        assertThat(r.unitCode()).isEqualTo(0x0A);
        assertThat(r.readingEpochSecond())
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 30).toEpochSecond(Slots.JST));
    }

    @Test
    void encodes_without_coefficient() {
        r.set(0x1234, Direction.REVERSE, EPOCH, 7, 1, 6, 0x01).noCoefficient();
        assertThat(hex(MeterReadingEncoder.toBytes(r))).isEqualTo(hex(bytes(
                "1081 1234 028801 05ff01 73 03 eb 0b 07ea 0b 16 0a 00 00 00000007 d7 01 06 e1 01 01")));
    }

    @Test
    void decodes_get_res_and_a_frame_inside_a_larger_buffer() {
        byte[] framed = bytes("ffff " + INF.replaceFirst(" 73 ", " 72 ") + " eeee");
        ByteBuffer b = ByteBuffer.wrap(framed);
        assertThat(MeterReadingDecoder.decode(b, 2, framed.length - 4, r)).isEqualTo(DecodeResult.OK);
        assertThat(r.esv()).isEqualTo(EchonetLite.ESV_GET_RES);
        assertThat(b.position()).isZero();
    }

    @Test
    void rejects_broken_frames_with_a_result_not_an_exception() {
        assertThat(decode("1081 0001 028801 05ff01 73")).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode(INF.substring(0, INF.length() - 3))).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode(INF + " 00")).isEqualTo(DecodeResult.TRUNCATED);
        assertThat(decode("1082" + INF.substring(4))).isEqualTo(DecodeResult.BAD_HEADER);
        assertThat(decode(INF.replace("028801", "013001"))).isEqualTo(DecodeResult.BAD_HEADER);
        assertThat(decode(INF.replaceFirst(" 73 ", " 52 "))).isEqualTo(DecodeResult.UNSUPPORTED_ESV);
        assertThat(decode(INF.replace("d3 04 00000001", "d3 04 00000000"))).isEqualTo(DecodeResult.BAD_PROPERTY);
        assertThat(decode(INF.replace("d7 01 06", "d7 01 0b"))).isEqualTo(DecodeResult.BAD_PROPERTY);
        assertThat(decode(INF.replace("d7 01 06", "d7 01 05"))).isEqualTo(DecodeResult.REGISTER_OUT_OF_RANGE);
        assertThat(decode(INF.replace("e1 01 02", "e1 01 05"))).isEqualTo(DecodeResult.BAD_UNIT);
        assertThat(decode(INF.replace("07ea 0b 16", "07ea 02 1e"))).isEqualTo(DecodeResult.BAD_DATETIME); // Feb 30
        assertThat(decode(INF.replace("16 0a 00 00", "16 18 00 00"))).isEqualTo(DecodeResult.BAD_DATETIME); // 24:00
        assertThat(decode(INF.replace(" 04 ea 0b", " 04 e0 0b"))).isEqualTo(DecodeResult.MISSING_READING);
        assertThat(decode(INF.replace(" 04 ea", " 03 ea").replace(" e1 01 02", ""))).isEqualTo(DecodeResult.MISSING_PROPERTY);
        assertThat(decode(INF.replace(" 04 ea", " 05 ea") + " eb 0b 07ea 0b 16 0a 00 00 0001e240"))
                .isEqualTo(DecodeResult.MISSING_READING);
    }

    @Test
    void jst_fields_round_trip_against_java_time() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long epoch = rnd.nextLong(0, 4_102_444_800L); // 1970–2100
            LocalDateTime jst = LocalDateTime.ofEpochSecond(epoch, 0, Slots.JST);
            long packed = JstTime.toPackedJst(epoch);
            assertThat(packed >>> 40).isEqualTo(jst.getYear());
            assertThat(packed >>> 32 & 0xFF).isEqualTo(jst.getMonthValue());
            assertThat(packed >>> 24 & 0xFF).isEqualTo(jst.getDayOfMonth());
            assertThat(packed >>> 16 & 0xFF).isEqualTo(jst.getHour());
            assertThat(packed >>> 8 & 0xFF).isEqualTo(jst.getMinute());
            assertThat(packed & 0xFF).isEqualTo(jst.getSecond());
            assertThat(JstTime.toEpochSecond(jst.getYear(), jst.getMonthValue(), jst.getDayOfMonth(), jst.getHour(),
                    jst.getMinute(), jst.getSecond())).isEqualTo(epoch);
        }
    }

    private DecodeResult decode(String hex) {
        return MeterReadingDecoder.decode(ByteBuffer.wrap(bytes(hex)), r);
    }
}
