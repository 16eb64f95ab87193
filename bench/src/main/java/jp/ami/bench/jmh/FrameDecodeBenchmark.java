package jp.ami.bench.jmh;

import java.nio.ByteBuffer;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingDecoder;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeOpener;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.envelope.OpenResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The head-end's per-frame work without a transport: parse the A-route envelope, verify and decrypt it
 * (AES-128-GCM with the meter's key), decode the ECHONET Lite reading. 4,096 meters' frames, cycled.
 *
 * <p>{@code openVerifyDecode} is the head-end's {@link EnvelopeOpener} (JCE AES/GCM: AES-NI and CLMUL intrinsics,
 * a key schedule per frame); {@code bcGcmBasic} / {@code bcGcmTables} do the same verify-and-decrypt with
 * BouncyCastle's low-level {@link GCMBlockCipher} over its pure-Java {@link AESEngine} (basic or 4 KiB-table GHASH
 * multiplier, whose table is rebuilt per key), for comparison only.
 */
public class FrameDecodeBenchmark extends ThroughputBenchmark {
    private static final int METERS = 4096;
    private final byte[][] frames = new byte[METERS][];
    private EnvelopeOpener opener;
    private final ByteBuffer plain = ByteBuffer.allocate(1024);
    private final MeterReading reading = new MeterReading();
    private int next;
    private MeterKeys keys;
    private final GCMBlockCipher bcBasic = new GCMBlockCipher(new AESEngine(), new BasicGCMMultiplier());
    private final GCMBlockCipher bcTables = new GCMBlockCipher(new AESEngine());
    private final byte[] bcOut = new byte[1024];

    @Setup
    public void seal() {
        byte[] master = new byte[16];
        for (int i = 0; i < master.length; i++) {
            master[i] = (byte) (i * 31 + 7);
        }
        // as the head-end: a dense key table for the known meters (each key derived once)
        MeterKeys keys = new MeterKeys(master).withDenseCache(1_000_000_001L, METERS);
        EnvelopeSealer sealer = new EnvelopeSealer(keys);
        MeterReading r = new MeterReading();
        for (int i = 0; i < METERS; i++) {
            r.set(1, Direction.NORMAL, 1_795_276_800L, 12_345 + i, 1, 8, 0x02);
            frames[i] = sealer.seal(1_000_000_001L + i, 7, MeterReadingEncoder.toBytes(r));
        }
        opener = new EnvelopeOpener(keys);
        this.keys = keys;
    }

    @Benchmark
    public long bcGcmBasic() throws InvalidCipherTextException {
        return bc(bcBasic);
    }

    @Benchmark
    public long bcGcmTables() throws InvalidCipherTextException {
        return bc(bcTables);
    }

    private long bc(GCMBlockCipher gcm) throws InvalidCipherTextException {
        byte[] frame = frames[next];
        next = (next + 1) & (METERS - 1);
        if (opener.parseHeader(ByteBuffer.wrap(frame)) != OpenResult.OK) {
            throw new IllegalStateException("header");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(frame, 1, 13);
        byte[] aad = java.util.Arrays.copyOf(frame, 15);
        gcm.init(false, new AEADParameters(new KeyParameter(keys.keyFor(opener.meterId()).getEncoded()), 128, nonce, aad));
        int n = gcm.processBytes(frame, 15, frame.length - 15, bcOut, 0);
        n += gcm.doFinal(bcOut, n);
        MeterReadingDecoder.decode(ByteBuffer.wrap(bcOut, 0, n), reading);
        return reading.register();
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
