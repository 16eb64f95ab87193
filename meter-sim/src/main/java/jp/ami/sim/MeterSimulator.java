package jp.ami.sim;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the simulated meters through slots. For each slot boundary it advances every meter's register by
 * the load profile, seals one ECHONET Lite INF (0xEA + 0xD3/0xD7/0xE1) per meter in an A-route envelope,
 * groups the envelopes into one batch frame per concentrator / relay / border router, and hands each batch
 * to the head-end at the slot end plus its path's arrival delay on the simulated clock. A batch is resent
 * until the head-end acknowledges it (duplicates are the head-end's to absorb).
 */
public final class MeterSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeterSimulator.class);
    private static final int MAX_ATTEMPTS = 8;

    private final MeterPopulation meters;
    private final LoadProfile profile;
    private final EnvelopeSealer sealer;
    private final BatchTransport tcp;
    private final BatchTransport coap;
    private final SimulatedClock clock;
    private final ArrivalDelays delays;
    private final long[] frameCounter;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong batchSeq = new AtomicLong();
    private final SimStats stats = new SimStats();

    public MeterSimulator(MeterPopulation meters, MeterKeys keys, BatchTransport tcp, BatchTransport coap,
                          SimulatedClock clock, ArrivalDelays delays) {
        this.meters = meters;
        this.profile = new LoadProfile(meters.config().seed());
        this.sealer = new EnvelopeSealer(keys);
        this.tcp = tcp;
        this.coap = coap;
        this.clock = clock;
        this.delays = delays;
        this.frameCounter = new long[meters.size()];
    }

    public SimStats stats() {
        return stats;
    }

    public MeterPopulation meters() {
        return meters;
    }

    /**
     * Sends the readings stamped at the start of {@code firstSlot} (the boundary that opens it), without
     * advancing the registers. Completes when every batch is acknowledged.
     */
    public CompletableFuture<Void> sendOpeningReadings(long firstSlot) {
        return sendBoundary(Slots.startEpochSecond(firstSlot), firstSlot - 1);
    }

    /** Advances every meter through {@code slotIndex} and sends the readings that close it. */
    public CompletableFuture<Void> sendSlot(long slotIndex) {
        for (int i = 0; i < meters.size(); i++) {
            meters.addEnergy(i, profile.slotUnits(i, slotIndex));
        }
        return sendBoundary(Slots.endEpochSecond(slotIndex), slotIndex);
    }

    private CompletableFuture<Void> sendBoundary(long boundaryEpochSecond, long closedSlot) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (CommPath path : CommPath.values()) {
            int sources = meters.sourceCount(path);
            List<List<Integer>> bySource = new ArrayList<>(sources);
            for (int s = 0; s < sources; s++) {
                bySource.add(new ArrayList<>());
            }
            for (int i = 0; i < meters.size(); i++) {
                if (meters.pathCode(i) == path.code()) {
                    bySource.get(meters.source(i) - 1).add(i);
                }
            }
            for (int s = 0; s < sources; s++) {
                List<Integer> members = bySource.get(s);
                if (members.isEmpty()) {
                    continue;
                }
                int sourceId = s + 1;
                for (byte[] frame : buildBatches(path, sourceId, members, boundaryEpochSecond)) {
                    long delaySeconds = delays.delaySeconds(path, sourceId, closedSlot);
                    Instant due = Instant.ofEpochSecond(boundaryEpochSecond + delaySeconds);
                    all.add(sendAt(due, path, sourceId, frame));
                }
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private List<byte[]> buildBatches(CommPath path, int sourceId, List<Integer> members, long boundaryEpochSecond) {
        List<byte[]> frames = new ArrayList<>();
        ByteBuffer frameBuf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
        ByteBuffer plain = ByteBuffer.allocate(64);
        MeterReading reading = new MeterReading();
        BatchWriter writer = new BatchWriter();
        int k = 0;
        while (k < members.size()) {
            frameBuf.clear();
            writer.begin(frameBuf, path, sourceId, batchSeq.incrementAndGet());
            while (k < members.size()) {
                int i = members.get(k);
                reading.set((int) (frameCounter[i] & 0xFFFF), Direction.NORMAL, boundaryEpochSecond, meters.register(i),
                        meters.coefficient(i), meters.digits(i), meters.unitCode(i));
                plain.clear();
                MeterReadingEncoder.encode(reading, plain);
                plain.flip();
                if (!writer.addSealed(sealer, meters.meterId(i), frameCounter[i] + 1, plain)) {
                    break;
                }
                frameCounter[i]++;
                k++;
            }
            int len = writer.finish();
            byte[] frame = new byte[len];
            frameBuf.get(0, frame);
            frames.add(frame);
            stats.framesBuilt(path, writer.count());
        }
        return frames;
    }

    private CompletableFuture<Void> sendAt(Instant due, CommPath path, int sourceId, byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long seq = ByteBuffer.wrap(frame).getLong(BatchFrame.OFFSET_BATCH_SEQ);
        long realDelayNanos = clock.realNanosUntil(due);
        scheduler.schedule(() -> attempt(path, sourceId, seq, frame, 1, done), realDelayNanos, TimeUnit.NANOSECONDS);
        return done;
    }

    private void attempt(CommPath path, int sourceId, long seq, byte[] frame, int attempt, CompletableFuture<Void> done) {
        BatchTransport transport = path == CommPath.WISUN ? coap : tcp;
        stats.batchSent(path, attempt > 1);
        transport.send(path, sourceId, seq, frame).whenComplete((ack, error) -> {
            if (error == null && ack.status() == AckStatus.JOURNALED) {
                stats.acked(path, ack);
                done.complete(null);
            } else if (attempt < MAX_ATTEMPTS) {
                LOG.debug("batch {} of {} source {} not acknowledged ({}); resending", seq, path, sourceId,
                        error != null ? error.toString() : ack.status());
                scheduler.schedule(() -> attempt(path, sourceId, seq, frame, attempt + 1, done), 50L * attempt, TimeUnit.MILLISECONDS);
            } else {
                done.completeExceptionally(new IllegalStateException("batch " + seq + " of " + path.key() + " source "
                        + sourceId + " not acknowledged after " + attempt + " attempts", error));
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Convenience for callers that hold the clock: the instant a slot's readings are all due. */
    public Instant lastArrival(long slotIndex) {
        return Instant.ofEpochSecond(Slots.endEpochSecond(slotIndex) + delays.maxDelaySeconds());
    }

    /** Creates an ack-less view for logging. */
    static String describe(AckFrame ack) {
        return ack.status() + " +" + ack.accepted() + " dup " + ack.duplicates() + " rej " + ack.rejected();
    }
}
