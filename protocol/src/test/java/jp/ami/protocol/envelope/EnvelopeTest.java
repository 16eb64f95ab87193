package jp.ami.protocol.envelope;

import static jp.ami.protocol.Hex.bytes;
import static jp.ami.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import jp.ami.model.InvalidValueException;
import org.junit.jupiter.api.Test;

/** Vectors computed independently with Python's {@code cryptography} (HMAC-SHA256, AESGCM). */
class EnvelopeTest {
    static final String MASTER = "000102030405060708090a0b0c0d0e0f";
    static final long METER = 12_345_678L; // 0xBC614E
    static final long COUNTER = 42;
    static final String PLAIN = "1081000102880105ff017304ea0b07ea0b160a00000001e240d30400000001d70106e10102";
    static final String METER_KEY = "2fab19604e897490f8b89cf2f5c1c213";
    static final String SEALED = "01 0000000000bc614e 0000002a 0025"
            + " cf8be81afa04b62d7b8c55b58accb951cef543bc14f706c333a6f5c1674d83b06b35447617"
            + " 58b69609d56f26f7858ef7311cf81d02";

    final MeterKeys keys = MeterKeys.fromHex(MASTER);

    @Test
    void derives_the_per_meter_key() {
        assertThat(hex(keys.derive(METER))).isEqualTo(METER_KEY);
        assertThat(hex(keys.keyFor(METER).getEncoded())).isEqualTo(METER_KEY);
        assertThat(keys.keyFor(METER)).isSameAs(keys.keyFor(METER));
    }

    @Test
    void seals_to_the_reference_vector_and_again_identically() {
        EnvelopeSealer sealer = new EnvelopeSealer(keys);
        assertThat(hex(sealer.seal(METER, COUNTER, bytes(PLAIN)))).isEqualTo(hex(bytes(SEALED)));
        assertThat(hex(sealer.seal(METER, COUNTER, bytes(PLAIN)))).isEqualTo(hex(bytes(SEALED)));
    }

    @Test
    void seals_into_a_bytebuf() {
        ByteBuf buf = Unpooled.directBuffer(8);
        try {
            int n = new EnvelopeSealer(keys).seal(METER, COUNTER, ByteBuffer.wrap(bytes(PLAIN)), buf);
            assertThat(n).isEqualTo(68);
            byte[] out = new byte[n];
            buf.readBytes(out);
            assertThat(hex(out)).isEqualTo(hex(bytes(SEALED)));
        } finally {
            buf.release();
        }
    }

    @Test
    void opens_the_reference_vector() {
        EnvelopeOpener opener = new EnvelopeOpener(keys);
        ByteBuffer env = ByteBuffer.wrap(bytes(SEALED));
        assertThat(opener.parseHeader(env)).isEqualTo(OpenResult.OK);
        assertThat(opener.meterId()).isEqualTo(METER);
        assertThat(opener.frameCounter()).isEqualTo(COUNTER);
        assertThat(opener.payloadLength()).isEqualTo(37);
        ByteBuffer out = ByteBuffer.allocate(Envelope.MAX_PAYLOAD);
        assertThat(opener.open(out)).isEqualTo(OpenResult.OK);
        assertThat(out.position()).isEqualTo(37);
        assertThat(hex(java.util.Arrays.copyOf(out.array(), 37))).isEqualTo(PLAIN);
        assertThat(env.position()).isZero();
        assertThat(env.limit()).isEqualTo(68);
    }

    @Test
    void rejects_any_flipped_bit_with_bad_tag() {
        EnvelopeOpener opener = new EnvelopeOpener(keys);
        ByteBuffer out = ByteBuffer.allocate(Envelope.MAX_PAYLOAD);
        byte[] good = bytes(SEALED);
        for (int i = 1; i < good.length; i++) {
            if (i == 13 || i == 14) {
                continue; // payloadLength: changes the structure, MALFORMED
            }
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            assertThat(opener.parseHeader(ByteBuffer.wrap(bad))).isEqualTo(OpenResult.OK);
            out.clear();
            assertThat(opener.open(out)).as("byte %d", i).isEqualTo(OpenResult.BAD_TAG);
            assertThat(out.position()).isZero();
        }
        // and the opener still works afterwards
        assertThat(opener.parseHeader(ByteBuffer.wrap(good))).isEqualTo(OpenResult.OK);
        assertThat(opener.open(out.clear())).isEqualTo(OpenResult.OK);
    }

    @Test
    void rejects_a_frame_sealed_with_another_master_key() {
        byte[] other = new EnvelopeSealer(MeterKeys.fromHex("ff0102030405060708090a0b0c0d0e0f"))
                .seal(METER, COUNTER, bytes(PLAIN));
        EnvelopeOpener opener = new EnvelopeOpener(keys);
        assertThat(opener.parseHeader(ByteBuffer.wrap(other))).isEqualTo(OpenResult.OK);
        assertThat(opener.open(ByteBuffer.allocate(64))).isEqualTo(OpenResult.BAD_TAG);
    }

    @Test
    void rejects_structurally_broken_envelopes_before_crypto() {
        EnvelopeOpener opener = new EnvelopeOpener(keys);
        assertThat(opener.parseHeader(ByteBuffer.wrap(bytes("01 0000000000bc614e 0000002a 0000")))).isEqualTo(OpenResult.MALFORMED);
        assertThat(opener.parseHeader(ByteBuffer.wrap(bytes("02" + SEALED.substring(2))))).isEqualTo(OpenResult.BAD_VERSION);
        assertThat(opener.parseHeader(ByteBuffer.wrap(bytes(SEALED.replace("0000002a 0025", "0000002a 0401")))))
                .isEqualTo(OpenResult.TOO_LARGE);
        assertThat(opener.parseHeader(ByteBuffer.wrap(bytes(SEALED.replace("0000002a 0025", "0000002a 0024")))))
                .isEqualTo(OpenResult.MALFORMED);
        assertThat(opener.parseHeader(ByteBuffer.wrap(bytes(SEALED + "00")))).isEqualTo(OpenResult.MALFORMED);
        assertThatThrownBy(() -> opener.open(ByteBuffer.allocate(64))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refuses_bad_inputs_when_sealing() {
        EnvelopeSealer sealer = new EnvelopeSealer(keys);
        assertThatThrownBy(() -> sealer.seal(METER, 1, new byte[1025])).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> sealer.seal(METER, 1L << 32, new byte[1])).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new MeterKeys(new byte[15])).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> MeterKeys.fromHex("zz")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void the_dense_key_table_gives_the_same_keys_as_derivation() {
        MeterKeys plain = new MeterKeys(java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
        MeterKeys dense = plain.withDenseCache(1000, 10);
        for (long m = 995; m < 1015; m++) {
            org.assertj.core.api.Assertions.assertThat(dense.keyFor(m).getEncoded()).isEqualTo(plain.derive(m));
            org.assertj.core.api.Assertions.assertThat(dense.keyFor(m).getEncoded()).as("second lookup").isEqualTo(plain.derive(m));
        }
    }

    @Test
    void key_bytes_match_derivation_and_an_opener_alternating_meters_uses_each_ones_key() {
        MeterKeys plain = new MeterKeys(java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
        MeterKeys dense = plain.withDenseCache(1000, 10);
        byte[] k = new byte[20];
        for (long m = 995; m < 1015; m++) {
            for (int pass = 0; pass < 2; pass++) { // first derives, then from the table
                dense.keyBytes(m, k, 4);
                assertThat(java.util.Arrays.copyOfRange(k, 4, 20)).isEqualTo(plain.derive(m));
            }
        }
        EnvelopeSealer sealer = new EnvelopeSealer(plain);
        EnvelopeOpener opener = new EnvelopeOpener(dense);
        ByteBuffer out = ByteBuffer.allocate(Envelope.MAX_PAYLOAD);
        for (int round = 0; round < 3; round++) {
            for (long m = 998; m < 1013; m++) {
                byte[] env = sealer.seal(m, round, bytes(PLAIN));
                assertThat(opener.parseHeader(ByteBuffer.wrap(env))).isEqualTo(OpenResult.OK);
                assertThat(opener.open(out.clear())).as("meter %d", m).isEqualTo(OpenResult.OK);
                assertThat(hex(java.util.Arrays.copyOf(out.array(), 37))).isEqualTo(PLAIN);
                env[9] ^= 0x01; // the frame counter: the tag no longer verifies
                assertThat(opener.parseHeader(ByteBuffer.wrap(env))).isEqualTo(OpenResult.OK);
                assertThat(opener.open(out.clear())).isEqualTo(OpenResult.BAD_TAG);
            }
        }
    }
}
