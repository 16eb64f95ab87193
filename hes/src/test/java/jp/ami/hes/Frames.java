package jp.ami.hes;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;

/** Test fixture: sealed meter frames and batches, as a meter and a concentrator would build them. */
final class Frames {
    static final byte[] MASTER_KEY = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final MeterKeys KEYS = new MeterKeys(MASTER_KEY);
    /** 2026-11-22 10:00 JST. */
    static final long READING_EPOCH = 1_795_309_200L;

    /** A head-end clock one hour after {@link #READING_EPOCH}: the fixture's readings are fresh on it, whatever the date. */
    static ManualClock clock() {
        return ManualClock.atEpochSecond(READING_EPOCH + 3600);
    }

    private final EnvelopeSealer sealer = new EnvelopeSealer(KEYS);
    private final MeterReading reading = new MeterReading();

    /** A sealed 30-minute INF: register = meter × 10 + counter, unit 0.01 kWh, 6 digits. */
    byte[] envelope(long meterId, long counter) {
        reading.set((int) (counter & 0xFFFF), Direction.NORMAL, READING_EPOCH + 1800 * counter, register(meterId, counter),
                1, 6, 0x02);
        return sealer.seal(meterId, counter, MeterReadingEncoder.toBytes(reading));
    }

    /** An envelope whose plaintext is not ECHONET Lite. */
    byte[] garbageEnvelope(long meterId, long counter) {
        return sealer.seal(meterId, counter, new byte[] {1, 2, 3});
    }

    static long register(long meterId, long counter) {
        return (meterId * 10 + counter) % 1_000_000;
    }

    static byte[] batch(CommPath path, long seq, List<byte[]> envelopes) {
        ByteBuffer buf = ByteBuffer.allocate(jp.ami.protocol.batch.BatchFrame.MAX_BYTES);
        BatchWriter w = new BatchWriter().begin(buf, path, 77, seq);
        for (byte[] e : envelopes) {
            if (!w.add(e)) {
                throw new IllegalStateException("batch full");
            }
        }
        int n = w.finish();
        return Arrays.copyOf(buf.array(), n);
    }

    static byte[] tamperTag(byte[] envelope) {
        byte[] t = envelope.clone();
        t[t.length - 1] ^= 0x55;
        return t;
    }
}
