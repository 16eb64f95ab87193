package jp.ami.sim;

import java.nio.ByteBuffer;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.Envelope;
import jp.ami.protocol.envelope.EnvelopeSealer;

/**
 * Encodes simulated meters' ECHONET Lite readings and seals them into A-route envelopes, through one reused
 * {@link MeterReading} and one reused plaintext buffer: set the reading ({@link #set}, or {@link #reading()} for one
 * that is no meter's), then seal it into a new envelope ({@link #seal}) or encode it for sealing straight into a batch
 * ({@link #encode}, {@link jp.ami.protocol.batch.BatchWriter#addSealed}). Not thread-safe: one per thread.
 */
final class ReadingSealer {
    private final MeterPopulation meters;
    private final MeterReading reading = new MeterReading();
    private final ByteBuffer plain = ByteBuffer.allocate(64);

    ReadingSealer(MeterPopulation meters) {
        this.meters = meters;
    }

    /**
     * Sets the reading to an INF of point i's register (as its meter's unit, coefficient and digits) with the frame
     * counter's low 16 bits as TID.
     */
    MeterReading set(int i, long counter, Direction direction, long readingEpochSecond, long register) {
        return reading.set((int) (counter & 0xFFFF), direction, readingEpochSecond, register,
                meters.coefficient(i), meters.digits(i), meters.unitCode(i));
    }

    /** The reused reading itself. */
    MeterReading reading() {
        return reading;
    }

    /** The reading encoded into the reused plaintext buffer, ready to read (valid until the next call). */
    ByteBuffer encode() {
        plain.clear();
        MeterReadingEncoder.encode(reading, plain);
        plain.flip();
        return plain;
    }

    /** The reading sealed for {@code meterId} with {@code counter} into a new envelope. */
    byte[] seal(EnvelopeSealer sealer, long meterId, long counter) {
        return sealPlain(sealer, meterId, counter, encode());
    }

    /** A Get_SNA for the 0xEA reading (TID: the counter's low 16 bits) sealed into a new envelope. */
    byte[] sealGetSna(EnvelopeSealer sealer, long meterId, long counter) {
        plain.clear();
        MeterReadingEncoder.encodeGetSna((int) (counter & 0xFFFF), EchonetLite.EPC_FIXED_TIME_NORMAL, plain);
        plain.flip();
        return sealPlain(sealer, meterId, counter, plain);
    }

    private static byte[] sealPlain(EnvelopeSealer sealer, long meterId, long counter, ByteBuffer plain) {
        byte[] env = new byte[Envelope.sealedLength(plain.remaining())];
        sealer.seal(meterId, counter, plain, ByteBuffer.wrap(env));
        return env;
    }
}
