package jp.ami.bench.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.ami.hes.HesConfig;
import jp.ami.hes.HesServer;
import jp.ami.hes.IngestPath;
import jp.ami.hes.Transport;
import jp.ami.model.CommPath;
import jp.ami.model.ManualClock;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The head-end's ingest path without network, as {@code bench hes --transports direct} drives it: one sealed PLC
 * batch frame of 500 readings handed to {@link IngestPath#submit} (envelope parse, AES-GCM open on the calling
 * thread; replay window, ECHONET Lite decode, boundary dedup and the Chronicle journal append on the
 * {@code hes-ingest} thread) and waited for until it is acknowledged as journaled; score per reading.
 *
 * <p>100,000 meters in 200 groups of 500; invocation {@code n} sends group {@code n % 200} its next boundary
 * ({@code n / 200} slots after the first) with the next frame counter, so every reading is new to the head-end
 * (never a duplicate or a replay). The head-end's clock is a benchmark clock set to one minute after that boundary
 * before each batch (readings are never {@code TOO_OLD}, however long the run). The frame is built and sealed in
 * a per-invocation {@code @Setup} (not timed; about as much work again as the measured part, so the run takes about
 * twice its measured time). {@code @TearDown} checks that the head-end journaled exactly the readings submitted.
 */
public class IngestJournalBenchmark extends ThroughputBenchmark {
    static final int BATCH = 500;
    static final int GROUPS = 200;
    static final int METERS = BATCH * GROUPS;
    static final int SOURCES = 8;
    static final long FIRST_METER = 1_000_000_001L;
    static final byte[] KEY = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");

    private Path dir;
    private HesServer hes;
    private IngestPath ingest;
    private final ManualClock clock = ManualClock.atEpochSecond(0); // moved to a minute after each batch's boundary
    private EnvelopeSealer sealer;
    private final MeterReading reading = new MeterReading();
    private final ByteBuffer plain = ByteBuffer.allocate(64);
    private final ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
    private final BatchWriter writer = new BatchWriter();
    private long firstBoundary;
    /** Batches built (= submitted, one per invocation). */
    private long batches;
    /** The current invocation's frame. */
    private ByteBuffer frame;
    /** Acks that were not JOURNALED with all 500 readings accepted. */
    private long badAcks;
    private AckFrame lastBad;

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("jmh-ingest");
        // the first boundary: the last closed one; the clock then moves forward one slot per round of 200 batches
        firstBoundary = Slots.endEpochSecond(Slots.closedBy(System.currentTimeMillis() / 1000));
        clock.setEpochSecond(firstBoundary + 60);
        sealer = new EnvelopeSealer(new MeterKeys(KEY).withDenseCache(FIRST_METER, METERS));
        HesConfig config = HesConfig.defaults(dir.resolve("journal"), KEY).withPorts(0, 0)
                .withMeters(FIRST_METER, METERS).withRecollection(List.of(), Duration.ofMinutes(20))
                .withIngestQueueCapacity(IngestPath.DEFAULT_QUEUE_CAPACITY);
        hes = HesServer.start(config, clock);
        ingest = hes.ingest();
    }

    /** Builds and seals the next batch (not timed). */
    @Setup(Level.Invocation)
    public void nextBatch() {
        long n = batches++;
        int group = (int) (n % GROUPS);
        long round = n / GROUPS;
        long boundary = firstBoundary + round * Slots.SECONDS_PER_SLOT;
        int counter = (int) (round + 1);
        buf.clear();
        writer.begin(buf, CommPath.PLC, 1 + group % SOURCES, n + 1);
        long meter = FIRST_METER + (long) group * BATCH;
        for (int j = 0; j < BATCH; j++, meter++) {
            reading.set((int) ((round + 1) & 0xFFFF), Direction.NORMAL, boundary, 1000 + (int) (round & 0xFFFF), 1, 8, 0x02);
            plain.clear();
            MeterReadingEncoder.encode(reading, plain);
            plain.flip();
            if (!writer.addSealed(sealer, meter, counter, plain)) {
                throw new IllegalStateException("batch too large");
            }
        }
        int len = writer.finish();
        frame = ByteBuffer.wrap(buf.array(), 0, len);
        clock.setEpochSecond(boundary + 60);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public AckFrame ingest() throws Exception {
        AckFrame ack = ingest.submit(frame, Transport.TCP).get(30, TimeUnit.SECONDS);
        if (ack.status() != AckStatus.JOURNALED || ack.accepted() != BATCH) {
            badAcks++;
            lastBad = ack;
        }
        return ack;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        long journaled;
        String stats;
        try {
            journaled = hes.stats().framesJournaled(CommPath.PLC);
            stats = String.valueOf(hes.stats().snapshot());
        } finally {
            hes.close();
            jp.ami.bench.BenchFiles.deleteRecursively(dir);
        }
        long submitted = batches * BATCH;
        if (journaled != submitted || badAcks != 0) {
            throw new IllegalStateException("journaled " + journaled + " of " + submitted + " readings submitted; "
                    + badAcks + " batches not fully journaled (last: " + lastBad + "); " + stats);
        }
        System.out.printf("%n(journaled %,d of %,d readings submitted)%n", journaled, submitted);
    }
}
