package jp.ami.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingDecoder;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeOpener;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.envelope.OpenResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The head-end's per-frame work without a transport: parse the A-route envelope, verify and decrypt it
 * (AES-128-GCM with the meter's key), decode the ECHONET Lite reading. 4,096 meters' frames, cycled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class FrameDecodeBenchmark {
    private static final int METERS = 4096;
    private final byte[][] frames = new byte[METERS][];
    private EnvelopeOpener opener;
    private final ByteBuffer plain = ByteBuffer.allocate(1024);
    private final MeterReading reading = new MeterReading();
    private int next;

    @Setup
    public void seal() {
        byte[] master = new byte[16];
        for (int i = 0; i < master.length; i++) {
            master[i] = (byte) (i * 31 + 7);
        }
        MeterKeys keys = new MeterKeys(master);
        EnvelopeSealer sealer = new EnvelopeSealer(keys);
        MeterReading r = new MeterReading();
        for (int i = 0; i < METERS; i++) {
            r.set(1, Direction.NORMAL, 1_795_276_800L, 12_345 + i, 1, 8, 0x02);
            frames[i] = sealer.seal(1_000_000_001L + i, 7, MeterReadingEncoder.toBytes(r));
        }
        opener = new EnvelopeOpener(keys);
    }

    @Benchmark
    public long openVerifyDecode() {
        byte[] frame = frames[next];
        next = (next + 1) & (METERS - 1);
        if (opener.parseHeader(ByteBuffer.wrap(frame)) != OpenResult.OK) {
            throw new IllegalStateException("header");
        }
        plain.clear();
        if (opener.open(plain) != OpenResult.OK) {
            throw new IllegalStateException("tag");
        }
        plain.flip();
        MeterReadingDecoder.decode(plain, reading);
        return reading.register();
    }
}
