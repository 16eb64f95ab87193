package jp.ami.protocol.batch;

import static jp.ami.protocol.Hex.bytes;
import static jp.ami.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import jp.ami.model.CommPath;
import jp.ami.model.InvalidValueException;
import jp.ami.protocol.envelope.EnvelopeOpener;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.envelope.OpenResult;
import org.junit.jupiter.api.Test;

class BatchFrameTest {
    /** PLC, source 7, seq 9, two (fake) envelopes aabbcc and dd. */
    static final String BATCH = "4142 01 02 00000007 0000000000000009 0002 0003 aabbcc 0001 dd";
    static final String ACK = "414b 01 00 0000000000000009 0002 0001 0000";

    final BatchReader reader = new BatchReader();

    @Test
    void writes_a_batch_into_a_bytebuffer() {
        ByteBuffer dst = ByteBuffer.allocate(64);
        dst.put((byte) 0x77);
        BatchWriter w = new BatchWriter().begin(dst, CommPath.PLC, 7, 9);
        assertThat(w.add(bytes("aabbcc"))).isTrue();
        assertThat(w.add(ByteBuffer.wrap(bytes("dd")))).isTrue();
        assertThat(w.finish()).isEqualTo(26);
        assertThat(dst.position()).isEqualTo(27);
        assertThat(hex(Arrays.copyOfRange(dst.array(), 1, 27))).isEqualTo(hex(bytes(BATCH)));
    }

    @Test
    void writes_a_batch_into_a_bytebuf() {
        ByteBuf dst = Unpooled.directBuffer(4);
        ByteBuf env = Unpooled.wrappedBuffer(bytes("dd"));
        try {
            BatchWriter w = new BatchWriter().begin(dst, CommPath.PLC, 7, 9);
            w.add(bytes("00aabbcc00"), 1, 3);
            w.add(env);
            assertThat(env.readableBytes()).isEqualTo(1);
            assertThat(w.finish()).isEqualTo(26);
            assertThat(hex(readAll(dst))).isEqualTo(hex(bytes(BATCH)));
        } finally {
            dst.release();
            env.release();
        }
    }

    @Test
    void reads_a_batch() {
        ByteBuffer frame = ByteBuffer.wrap(bytes(BATCH));
        assertThat(reader.of(frame)).isEqualTo(BatchResult.OK);
        assertThat(reader.path()).isEqualTo(CommPath.PLC);
        assertThat(reader.sourceId()).isEqualTo(7);
        assertThat(reader.batchSeq()).isEqualTo(9);
        assertThat(reader.count()).isEqualTo(2);
        assertThat(reader.next()).isTrue();
        assertThat(reader.envelopeOffset()).isEqualTo(20);
        assertThat(reader.envelopeLength()).isEqualTo(3);
        assertThat(reader.next()).isTrue();
        assertThat(reader.envelopeOffset()).isEqualTo(25);
        assertThat(reader.envelopeLength()).isEqualTo(1);
        assertThat(frame.get(reader.envelopeOffset())).isEqualTo((byte) 0xdd);
        assertThat(reader.next()).isFalse();
    }

    @Test
    void rejects_malformed_batches_as_a_whole() {
        assertThat(read("41")).isEqualTo(BatchResult.TRUNCATED);
        assertThat(read("4143" + BATCH.substring(4))).isEqualTo(BatchResult.BAD_MAGIC);
        assertThat(read("4142 01 02 0000")).isEqualTo(BatchResult.TRUNCATED);
        assertThat(read(BATCH.replace("4142 01", "4142 02"))).isEqualTo(BatchResult.BAD_VERSION);
        assertThat(read(BATCH.replace("4142 01 02", "4142 01 04"))).isEqualTo(BatchResult.BAD_PATH);
        assertThat(read(BATCH.replace("0009 0002", "0009 0801"))).isEqualTo(BatchResult.TOO_MANY_ENVELOPES);
        assertThat(read(BATCH.replace("0009 0002", "0009 0003"))).isEqualTo(BatchResult.TRUNCATED);
        assertThat(read(BATCH.replace("0001 dd", "0002 dd"))).isEqualTo(BatchResult.TRUNCATED);
        assertThat(read(BATCH + "00")).isEqualTo(BatchResult.TRAILING_BYTES);
        assertThat(reader.batchSeq()).isEqualTo(9); // still known, for the ack
        assertThat(reader.next()).isFalse();
        byte[] huge = new byte[BatchFrame.MAX_BYTES + 1];
        System.arraycopy(bytes(BATCH), 0, huge, 0, 18);
        assertThat(reader.of(ByteBuffer.wrap(huge))).isEqualTo(BatchResult.TOO_LARGE);
    }

    @Test
    void writer_stops_at_the_envelope_limit() {
        ByteBuffer dst = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
        BatchWriter w = new BatchWriter().begin(dst, CommPath.WISUN, 1, 1);
        int added = 0;
        while (w.add(new byte[1])) {
            added++;
        }
        assertThat(added).isEqualTo(BatchFrame.MAX_ENVELOPES);
        w.finish();
        dst.flip();
        assertThat(reader.of(dst)).isEqualTo(BatchResult.OK);
        assertThat(reader.count()).isEqualTo(BatchFrame.MAX_ENVELOPES);
    }

    @Test
    void writer_stops_at_the_byte_limit_and_at_the_destination_end() {
        ByteBuffer dst = ByteBuffer.allocate(BatchFrame.MAX_BYTES * 2);
        BatchWriter w = new BatchWriter().begin(dst, CommPath.RELAY, 1, 1);
        int added = 0;
        while (w.add(new byte[1000])) {
            added++;
        }
        assertThat(w.size()).isLessThanOrEqualTo(BatchFrame.MAX_BYTES);
        assertThat(added).isEqualTo((BatchFrame.MAX_BYTES - 18) / 1002);
        w.finish();

        BatchWriter small = new BatchWriter().begin(ByteBuffer.allocate(30), CommPath.RELAY, 1, 1);
        assertThat(small.add(new byte[10])).isTrue();
        assertThat(small.add(new byte[1])).isFalse();
    }

    @Test
    void seals_straight_into_a_batch_and_reads_back() {
        MeterKeys keys = MeterKeys.fromHex("000102030405060708090a0b0c0d0e0f");
        ByteBuffer dst = ByteBuffer.allocate(1024);
        BatchWriter w = new BatchWriter().begin(dst, CommPath.WISUN, 3, 100);
        for (int i = 1; i <= 3; i++) {
            assertThat(w.addSealed(new EnvelopeSealer(keys), 1000 + i, i, ByteBuffer.wrap(new byte[] {(byte) i}))).isTrue();
        }
        w.finish();
        dst.flip();
        assertThat(reader.of(dst)).isEqualTo(BatchResult.OK);
        EnvelopeOpener opener = new EnvelopeOpener(keys);
        ByteBuffer plain = ByteBuffer.allocate(16);
        for (int i = 1; reader.next(); i++) {
            assertThat(opener.parseHeader(reader.buffer(), reader.envelopeOffset(), reader.envelopeLength())).isEqualTo(OpenResult.OK);
            assertThat(opener.meterId()).isEqualTo(1000 + i);
            assertThat(opener.open(plain.clear())).isEqualTo(OpenResult.OK);
            assertThat(plain.get(0)).isEqualTo((byte) i);
        }
    }

    @Test
    void encodes_and_decodes_the_ack() {
        AckFrame ack = AckFrame.journaled(9, 2, 1, 0);
        assertThat(hex(ack.toBytes())).isEqualTo(hex(bytes(ACK)));
        assertThat(AckFrame.decode(bytes(ACK))).isEqualTo(ack);
        ByteBuf buf = ack.encode(Unpooled.buffer());
        try {
            assertThat(AckFrame.decode(buf)).isEqualTo(ack);
        } finally {
            buf.release();
        }
        assertThat(hex(AckFrame.malformed(0).toBytes())).isEqualTo(hex(bytes("414b 01 01 0000000000000000 0000 0000 0000")));
        assertThat(AckFrame.decode(bytes("414b 01 02 ffffffffffffffff ffff 0000 0800")))
                .isEqualTo(new AckFrame(AckStatus.OVERLOADED_RETRY, -1L, 0xFFFF, 0, 2048));
        assertThatThrownBy(() -> AckFrame.decode(bytes("414b 01 03 0000000000000000 0000 0000 0000")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("ackStatus");
        assertThatThrownBy(() -> AckFrame.decode(bytes("414b 01 00 00"))).isInstanceOf(InvalidValueException.class);
    }

    private BatchResult read(String hex) {
        return reader.of(ByteBuffer.wrap(bytes(hex)));
    }

    static byte[] readAll(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }
}
