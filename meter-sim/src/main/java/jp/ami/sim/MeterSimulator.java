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
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.MeterReading;
import jp.ami.protocol.echonet.MeterReadingEncoder;
import jp.ami.protocol.envelope.Envelope;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;
import jp.ami.protocol.recollect.RecollectRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the simulated meters through slots. For each slot boundary it advances every meter's register by
 * the load profile, seals one ECHONET Lite INF (0xEA + 0xD3/0xD7/0xE1) per meter in an A-route envelope,
 * groups the envelopes into batch frames per concentrator / relay / border router, and hands each batch
 * to the head-end at the slot end plus its path's arrival delay on the simulated clock. A batch is resent
 * until the head-end acknowledges it (duplicates are the head-end's to absorb).
 *
 * <p>Faults ({@link FaultConfig}) are drawn per (meter, boundary) from the population seed. Frames held back
 * (reorder, dup, late) travel in straggler batches of the same source after the main batch.
 *
 * <p>Meter exchanges ({@link MeterPopulation#planExchanges}, planned before the run): from the boundary closing
 * the exchange slot on, the point's readings come from its new meter — new ID, its own key (derived from the
 * master key and that ID), frame counters from {@value #NEW_METER_COUNTER_BASE}, its own register. Re-collection
 * answers come from the meter installed for the requested boundary; a meter asked for a boundary it was not
 * installed for answers Get_SNA.
 *
 * <p>Re-collection: the simulator registers itself with both transports ({@link BatchTransport#onRecollect});
 * for each request item of one of the addressing source's own meters it answers, in a batch on the same path,
 * a Get_Res (0x72) with the register at the requested boundary (recomputed from the load profile, so no
 * history is stored per meter), or a Get_SNA (0x52) when the meter is "unreachable" (fault) or the boundary is
 * outside the simulated history.
 */
public final class MeterSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeterSimulator.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final long FAULT_SALT = 0x6661756C74L;
    /** The key a spoofer uses (wrong-key fault). */
    private static final MeterKeys SPOOF_KEYS = new MeterKeys(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    private final MeterPopulation meters;
    private final LoadProfile profile;
    private final EnvelopeSealer sealer;
    private final MeterKeys sealerKeys;
    private final EnvelopeSealer spoofSealer = new EnvelopeSealer(SPOOF_KEYS);
    private final BatchTransport tcp;
    private final BatchTransport coap;
    private final SimulatedClock clock;
    private final ArrivalDelays delays;
    private final FaultConfig faults;
    private final long faultSeed;
    /**
     * Frame counters follow time, as on a real meter, however far ahead the simulator builds frames: the frame
     * closing slot s carries {@code base + 8 (s − historyStart)} (0xEA) and + 1 (0xEB); re-collection answers sent
     * during slot k take + 2 … + 7 after the boundary that opened k. {@code base} derives from the seed (meters have
     * been running, so counters start with some history). This array holds each meter's last answer counter.
     */
    private final long[] frameCounter;
    static final int COUNTERS_PER_SLOT = 8;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong batchSeq = new AtomicLong();
    private final SimStats stats = new SimStats();
    /** Slot index whose end is the first boundary sent (energy 0 there); Long.MIN_VALUE before the first. */
    private long historyStartSlot = Long.MIN_VALUE;
    /** The last slot index whose closing readings were built. */
    private long historyEndSlot = Long.MIN_VALUE;
    private CompletableFuture<Void> registered;

    public MeterSimulator(MeterPopulation meters, MeterKeys keys, BatchTransport tcp, BatchTransport coap,
                          SimulatedClock clock, ArrivalDelays delays) {
        this(meters, keys, tcp, coap, clock, delays, FaultConfig.NONE);
    }

    public MeterSimulator(MeterPopulation meters, MeterKeys keys, BatchTransport tcp, BatchTransport coap,
                          SimulatedClock clock, ArrivalDelays delays, FaultConfig faults) {
        this.meters = meters;
        this.profile = new LoadProfile(meters.config().seed(), meters);
        this.sealer = new EnvelopeSealer(keys);
        this.sealerKeys = keys;
        this.tcp = tcp;
        this.coap = coap;
        this.clock = clock;
        this.delays = delays;
        this.faults = faults;
        this.faultSeed = Mix.mix(meters.config().seed(), FAULT_SALT);
        this.frameCounter = new long[meters.size()];
        if (tcp != null) {
            tcp.onRecollect(this::recollect);
        }
        if (coap != null && coap != tcp) {
            coap.onRecollect(this::recollect);
        }
    }

    public SimStats stats() {
        return stats;
    }

    public MeterPopulation meters() {
        return meters;
    }

    public FaultConfig faults() {
        return faults;
    }

    /**
     * Sends the readings stamped at the start of {@code firstSlot} (the boundary that opens it), without
     * advancing the registers. Completes when every batch is acknowledged.
     */
    public CompletableFuture<Void> sendOpeningReadings(long firstSlot) {
        CompletableFuture<Void> hello = registerSources();
        synchronized (this) {
            if (historyStartSlot == Long.MIN_VALUE) {
                historyStartSlot = firstSlot - 1;
            }
            historyEndSlot = Math.max(historyEndSlot, firstSlot - 1);
        }
        return CompletableFuture.allOf(hello, sendBoundary(Slots.startEpochSecond(firstSlot), firstSlot - 1));
    }

    /**
     * Each concentrator / relay / border router announces itself once, at once (not on the simulated clock),
     * with an empty batch, as a real one registers with the head-end when it joins: the head-end then knows a
     * session to every source, so it can re-collect even from a source whose first batch was lost.
     */
    public synchronized CompletableFuture<Void> registerSources() {
        if (registered != null) {
            return registered;
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        int[][][] bySource = membersBySource();
        for (CommPath path : CommPath.values()) {
            int[][] sources = bySource[path.code()];
            for (int s = 0; s < sources.length; s++) {
                if (sources[s].length == 0) {
                    continue;
                }
                List<byte[]> frames = new ArrayList<>();
                Batcher b = new Batcher(path, s + 1, frames);
                b.begin();
                b.flush();
                long seq = ByteBuffer.wrap(frames.get(0)).getLong(BatchFrame.OFFSET_BATCH_SEQ);
                CompletableFuture<Void> done = new CompletableFuture<>();
                int sourceId = s + 1;
                scheduler.execute(() -> attempt(path, sourceId, seq, frames.get(0), 1, done));
                all.add(done);
            }
        }
        registered = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        return registered;
    }

    /** Advances every meter through {@code slotIndex} and sends the readings that close it. */
    public CompletableFuture<Void> sendSlot(long slotIndex) {
        CompletableFuture<Void> hello = registerSources();
        synchronized (this) {
            if (historyStartSlot == Long.MIN_VALUE) {
                historyStartSlot = slotIndex - 1;
            }
            for (int i = 0; i < meters.size(); i++) {
                meters.addEnergy(i, profile.importUnits(i, slotIndex));
                if (meters.pvWatts(i) > 0) {
                    meters.addExport(i, profile.exportUnits(i, slotIndex));
                }
            }
            historyEndSlot = Math.max(historyEndSlot, slotIndex);
        }
        return CompletableFuture.allOf(hello, sendBoundary(Slots.endEpochSecond(slotIndex), slotIndex));
    }

    /** Source members per path, in meter-index order (dense int arrays, built once per boundary). */
    private int[][][] membersBySource() {
        int[][][] out = new int[4][][];
        for (CommPath path : CommPath.values()) {
            int sources = meters.sourceCount(path);
            int[] sizes = new int[sources];
            for (int i = 0; i < meters.size(); i++) {
                if (meters.pathCode(i) == path.code()) {
                    sizes[meters.source(i) - 1]++;
                }
            }
            int[][] m = new int[sources][];
            for (int s = 0; s < sources; s++) {
                m[s] = new int[sizes[s]];
                sizes[s] = 0;
            }
            for (int i = 0; i < meters.size(); i++) {
                if (meters.pathCode(i) == path.code()) {
                    int s = meters.source(i) - 1;
                    m[s][sizes[s]++] = i;
                }
            }
            out[path.code()] = m;
        }
        return out;
    }

    private CompletableFuture<Void> sendBoundary(long boundaryEpochSecond, long closedSlot) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        int[][][] bySource = membersBySource();
        for (CommPath path : CommPath.values()) {
            int[][] sources = bySource[path.code()];
            for (int s = 0; s < sources.length; s++) {
                int[] members = sources[s];
                if (members.length == 0) {
                    continue;
                }
                int sourceId = s + 1;
                long delaySeconds = delays.delaySeconds(path, sourceId, closedSlot);
                long due = boundaryEpochSecond + delaySeconds;
                SourceBoundary sb = buildSource(path, sourceId, members, boundaryEpochSecond, closedSlot);
                if (sb.outage) {
                    continue;
                }
                for (byte[] frame : sb.main) {
                    all.add(sendAt(Instant.ofEpochSecond(due), path, sourceId, frame));
                }
                long h = Mix.mix(faultSeed, path.code() * 1_000_003L + sourceId, closedSlot);
                for (byte[] frame : sb.reordered) {
                    all.add(sendAt(Instant.ofEpochSecond(due + 30 + Mix.below(h, 61)), path, sourceId, frame));
                }
                for (byte[] frame : sb.duplicated) {
                    all.add(sendAt(Instant.ofEpochSecond(due + 60 + Mix.below(Mix.mix(h, 1), 121)), path, sourceId, frame));
                }
                for (byte[] frame : sb.late) {
                    all.add(sendAt(Instant.ofEpochSecond(boundaryEpochSecond + 960 + Mix.below(Mix.mix(h, 2), 181)),
                            path, sourceId, frame));
                }
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** The frames one source sends for one boundary. */
    private static final class SourceBoundary {
        final List<byte[]> main = new ArrayList<>();
        final List<byte[]> reordered = new ArrayList<>();
        final List<byte[]> duplicated = new ArrayList<>();
        final List<byte[]> late = new ArrayList<>();
        boolean outage;
    }

    /** Collects envelopes into batch frames of one source. */
    private final class Batcher {
        private final CommPath path;
        private final int sourceId;
        private final List<byte[]> out;
        private final ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
        private final BatchWriter writer = new BatchWriter();
        private boolean open;

        Batcher(CommPath path, int sourceId, List<byte[]> out) {
            this.path = path;
            this.sourceId = sourceId;
            this.out = out;
        }

        void begin() {
            buf.clear();
            writer.begin(buf, path, sourceId, batchSeq.incrementAndGet());
            open = true;
        }

        void add(byte[] envelope) {
            if (!open) {
                begin();
            }
            if (!writer.add(envelope)) {
                flush();
                add(envelope);
            }
        }

        void flush() {
            if (!open) {
                return;
            }
            open = false;
            int len = writer.finish();
            byte[] frame = new byte[len];
            buf.get(0, frame);
            out.add(frame);
        }
    }

    /** Uniform [0,1) from a fault draw. */
    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    private synchronized SourceBoundary buildSource(CommPath path, int sourceId, int[] members, long boundaryEpochSecond,
                                                    long closedSlot) {
        SourceBoundary sb = new SourceBoundary();
        Batcher main = new Batcher(path, sourceId, sb.main);
        Batcher reordered = new Batcher(path, sourceId, sb.reordered);
        Batcher duplicated = new Batcher(path, sourceId, sb.duplicated);
        Batcher late = new Batcher(path, sourceId, sb.late);
        ByteBuffer plain = ByteBuffer.allocate(64);
        MeterReading reading = new MeterReading();
        sb.outage = faults.outage() > 0
                && unit(Mix.mix(faultSeed, path.code() * 1_000_003L + sourceId, closedSlot * 31 + 7)) < faults.outage();
        for (int i : members) {
            long h = Mix.mix(faultSeed, i, closedSlot);
            long counter = boundaryCounter(i, closedSlot);
            long stamp = boundaryEpochSecond;
            if (faults.clockSkew() > 0 && unit(Mix.mix(h, 10)) < faults.clockSkew()) {
                int skew = 1 + Mix.below(Mix.mix(h, 11), 120);
                stamp += (Mix.mix(h, 12) & 1) == 0 ? skew : -skew;
                stats.fault("clock_skew");
            }
            // after a meter exchange inside the run the point's new meter (own ID, key, counters, register) reads
            long meterId = meters.meterIdAt(i, closedSlot);
            long register = meters.registerAt(i, closedSlot, meters.energyUnits(i));
            reading.set((int) (counter & 0xFFFF), Direction.NORMAL, stamp, register,
                    meters.coefficient(i), meters.digits(i), meters.unitCode(i));
            byte[] env = seal(sealer, meterId, counter, reading, plain);
            stats.framesBuilt(path, 1);
            if (meterId != meters.meterId(i) && closedSlot == meters.exchanges().slot(meters.exchanges().indexOfPoint(i))) {
                stats.fault("exchange"); // the new meter's first reading
            }
            if (sb.outage) {
                continue;
            }
            if (faults.loss() > 0 && unit(Mix.mix(h, 1)) < faults.loss()) {
                stats.fault("loss");
            } else if (faults.corrupt() > 0 && unit(Mix.mix(h, 2)) < faults.corrupt()) {
                env[1 + Mix.below(Mix.mix(h, 13), env.length - 1)] ^= (byte) (1 + Mix.below(Mix.mix(h, 14), 255));
                main.add(env);
                stats.fault("corrupt");
            } else if (faults.tamper() > 0 && unit(Mix.mix(h, 3)) < faults.tamper()) {
                // the register's bytes sit at plaintext offset 21..24; flip one bit of the ciphertext there
                env[Envelope.HEADER_LENGTH + 21 + Mix.below(Mix.mix(h, 15), 4)] ^= 0x01;
                main.add(env);
                stats.fault("tamper");
            } else if (faults.late() > 0 && unit(Mix.mix(h, 4)) < faults.late()) {
                late.add(env);
                stats.fault("late");
            } else if (faults.reorder() > 0 && unit(Mix.mix(h, 5)) < faults.reorder()) {
                reordered.add(env);
                stats.fault("reorder");
            } else {
                main.add(env);
                if (faults.dup() > 0 && unit(Mix.mix(h, 6)) < faults.dup()) {
                    duplicated.add(env);
                    stats.fault("dup");
                }
            }
            if (meters.pvWatts(i) > 0) {
                // rooftop PV: the reverse-direction register (0xEB) travels in its own INF; no faults applied
                long pvCounter = counter + 1;
                reading.set((int) (pvCounter & 0xFFFF), Direction.REVERSE, boundaryEpochSecond, meters.installedExportRegister(i, closedSlot),
                        meters.coefficient(i), meters.digits(i), meters.unitCode(i));
                main.add(seal(sealer, meterId, pvCounter, reading, plain));
                stats.framesBuilt(path, 1);
            }
            // extra frames an attacker or a broken device adds
            if (faults.replay() > 0 && unit(Mix.mix(h, 7)) < faults.replay()) {
                long old = counter - ReplayWindowWidth.FAR - Mix.below(Mix.mix(h, 16), 500);
                if (old > 0) {
                    reading.set((int) (old & 0xFFFF), Direction.NORMAL, boundaryEpochSecond - 86_400, register,
                            meters.coefficient(i), meters.digits(i), meters.unitCode(i));
                    main.add(seal(sealer, meterId, old, reading, plain));
                    stats.fault("replay");
                }
            }
            if (faults.unknownMeter() > 0 && unit(Mix.mix(h, 8)) < faults.unknownMeter()) {
                // beyond the population and the spare IDs new meters of exchanges take
                long stranger = meters.meterId(meters.size() - 1) + 1 + meters.exchanges().size()
                        + Mix.below(Mix.mix(h, 17), 1_000_000);
                reading.set(1, Direction.NORMAL, boundaryEpochSecond, 0, 1, 8, 0x02);
                main.add(seal(sealer, stranger, 1, reading, plain));
                stats.fault("unknown_meter");
            }
            if (faults.wrongKey() > 0 && unit(Mix.mix(h, 9)) < faults.wrongKey()) {
                // a counter well ahead of the meter's own, so it can never collide with a genuine frame
                long spoofed = counter + 5_000 + Mix.below(Mix.mix(h, 18), 5_000);
                reading.set((int) (spoofed & 0xFFFF), Direction.NORMAL, boundaryEpochSecond, 0,
                        meters.coefficient(i), meters.digits(i), meters.unitCode(i));
                main.add(seal(spoofSealer, meterId, spoofed, reading, plain));
                stats.fault("wrong_key");
            }
        }
        if (sb.outage) {
            stats.fault("outage");
        }
        main.flush();
        reordered.flush();
        duplicated.flush();
        late.flush();
        return sb;
    }

    /** Frame counters this far back are outside any 32-counter replay window. */
    private static final class ReplayWindowWidth {
        static final int FAR = 64;
    }

    private static byte[] seal(EnvelopeSealer sealer, long meterId, long counter, MeterReading reading, ByteBuffer plain) {
        plain.clear();
        MeterReadingEncoder.encode(reading, plain);
        plain.flip();
        byte[] env = new byte[Envelope.sealedLength(plain.remaining())];
        sealer.seal(meterId, counter, plain, ByteBuffer.wrap(env));
        return env;
    }

    /** Counter base of meter i. */
    private long counterBase(int i) {
        return 1000 + Mix.below(Mix.mix(meters.config().seed(), i, 13), 100_000);
    }

    /**
     * The counter of point i's frame closing {@code closedSlot} (+ 1 for its 0xEB frame), from the meter installed
     * then: an exchanged point's new meter starts fresh at {@value #NEW_METER_COUNTER_BASE} with the exchange slot.
     */
    private long boundaryCounter(int i, long closedSlot) {
        MeterExchanges ex = meters.exchanges();
        int x = ex.indexOfPoint(i);
        if (x >= 0 && closedSlot >= ex.slot(x)) {
            return newMeterCounter(x, closedSlot);
        }
        return originalCounter(i, closedSlot);
    }

    private long originalCounter(int i, long closedSlot) {
        return counterBase(i) + COUNTERS_PER_SLOT * (closedSlot - historyStartSlot);
    }

    /** A new meter's first frame (closing its exchange slot) carries this counter. */
    static final long NEW_METER_COUNTER_BASE = 1;

    private long newMeterCounter(int x, long closedSlot) {
        return NEW_METER_COUNTER_BASE + COUNTERS_PER_SLOT * (closedSlot - meters.exchanges().slot(x));
    }

    /** Last re-collection answer counter of each exchange's new meter. */
    private long[] newFrameCounter = new long[0];

    /**
     * A fresh counter for a re-collection answer sent now by point i's original meter, or (exchange x ≥ 0,
     * {@code newMeter}) by the new meter of exchange x.
     */
    private long answerCounter(int i, int x, boolean newMeter) {
        long lastBoundarySlot = Math.max(Slots.containing(clock.instant().getEpochSecond()) - 1, historyStartSlot);
        if (newMeter) {
            if (newFrameCounter.length != meters.exchanges().size()) {
                newFrameCounter = java.util.Arrays.copyOf(newFrameCounter, meters.exchanges().size());
            }
            long c = Math.max(newFrameCounter[x] + 1,
                    newMeterCounter(x, Math.max(lastBoundarySlot, meters.exchanges().slot(x))) + 2);
            newFrameCounter[x] = c;
            return c;
        }
        long c = Math.max(frameCounter[i] + 1, originalCounter(i, lastBoundarySlot) + 2);
        frameCounter[i] = c;
        return c;
    }

    /** Outcome of {@link #dryRunSlot}. */
    public record DryRun(long meters, long frames, long batches, long bytes, long nanos) {
    }

    /**
     * Advances every meter through {@code slotIndex} and builds and seals its closing readings into batch frames
     * per source exactly as {@link #sendSlot} does (without faults), but sends nothing and keeps nothing: the
     * cost of one slot at scale. Sources are spread over {@code threads} threads (each with its own sealer);
     * {@code progress} (may be null) is told the meters done so far.
     */
    public DryRun dryRunSlot(long slotIndex, int threads, java.util.function.LongConsumer progress) {
        return buildBoundary(slotIndex, true, threads, progress, null);
    }

    /** Receives the batches {@link #buildBoundary} builds; called from the builder threads at once. */
    @FunctionalInterface
    public interface BatchSink {
        /**
         * One sealed batch frame of {@code sourceId} on {@code path}, due at the head-end at {@code dueEpochSecond}
         * (the boundary plus the path's arrival delay); {@code frame} is valid only during the call.
         */
        void batch(CommPath path, int sourceId, long dueEpochSecond, ByteBuffer frame, int readings);
    }

    /**
     * Builds and seals, without faults, every meter's reading at the boundary that closes {@code closedSlot}
     * (plus the 0xEB reading of PV meters), in batch frames per source as {@link #sendSlot} sends them, and hands
     * each frame to {@code sink} (null: count only). With {@code advance} the registers first move on by the
     * slot's energy (a closing boundary); without, they stay (the opening boundary of a run, as
     * {@link #sendOpeningReadings}). Sources are spread over {@code threads} threads, each with its own sealer;
     * {@code progress} (may be null) is told the meters done. This is how a benchmark builds its load ahead of
     * the timed part.
     */
    public DryRun buildBoundary(long closedSlot, boolean advance, int threads, java.util.function.LongConsumer progress,
                                BatchSink sink) {
        long start = System.nanoTime();
        synchronized (this) {
            if (historyStartSlot == Long.MIN_VALUE) {
                historyStartSlot = advance ? closedSlot - 1 : closedSlot;
            }
            historyEndSlot = Math.max(historyEndSlot, closedSlot);
        }
        long boundary = Slots.endEpochSecond(closedSlot);
        int[][][] bySource = membersBySource();
        List<int[]> work = new ArrayList<>();
        List<CommPath> workPath = new ArrayList<>();
        List<Integer> workSource = new ArrayList<>();
        for (CommPath path : CommPath.values()) {
            int[][] sources = bySource[path.code()];
            for (int s = 0; s < sources.length; s++) {
                if (sources[s].length > 0) {
                    work.add(sources[s]);
                    workPath.add(path);
                    workSource.add(s + 1);
                }
            }
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.LongAdder frames = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder bytes = new java.util.concurrent.atomic.LongAdder();
        MeterKeys keys = sealerKeys;
        Runnable worker = () -> {
            EnvelopeSealer own = new EnvelopeSealer(keys);
            ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
            ByteBuffer plain = ByteBuffer.allocate(64);
            MeterReading reading = new MeterReading();
            BatchWriter writer = new BatchWriter();
            int w;
            while ((w = next.getAndIncrement()) < work.size()) {
                int[] members = work.get(w);
                CommPath path = workPath.get(w);
                int sourceId = workSource.get(w);
                long due = boundary + delays.delaySeconds(path, sourceId, closedSlot);
                int k = 0;
                while (k < members.length) {
                    buf.clear();
                    writer.begin(buf, path, sourceId, batchSeq.incrementAndGet());
                    while (k < members.length) {
                        int i = members[k];
                        long use = advance ? profile.importUnits(i, closedSlot) : 0;
                        meters.addEnergy(i, use);
                        long counter = boundaryCounter(i, closedSlot);
                        reading.set((int) (counter & 0xFFFF), Direction.NORMAL, boundary, meters.register(i),
                                meters.coefficient(i), meters.digits(i), meters.unitCode(i));
                        plain.clear();
                        MeterReadingEncoder.encode(reading, plain);
                        plain.flip();
                        boolean pv = meters.pvWatts(i) > 0;
                        if (!writer.room(2 * (plain.remaining() + 33)) || !writer.addSealed(own, meters.meterId(i), counter, plain)) {
                            meters.addEnergy(i, -use);
                            break;
                        }
                        if (pv) {
                            if (advance) {
                                meters.addExport(i, profile.exportUnits(i, closedSlot));
                            }
                            long c2 = counter + 1;
                            reading.set((int) (c2 & 0xFFFF), Direction.REVERSE, boundary, meters.exportRegister(i),
                                    meters.coefficient(i), meters.digits(i), meters.unitCode(i));
                            plain.clear();
                            MeterReadingEncoder.encode(reading, plain);
                            plain.flip();
                            writer.addSealed(own, meters.meterId(i), c2, plain);
                        }
                        k++;
                    }
                    int count = writer.count();
                    frames.add(count);
                    int len = writer.finish();
                    bytes.add(len);
                    batches.increment();
                    if (sink != null) {
                        sink.batch(path, sourceId, due, buf.duplicate().position(0).limit(len), count);
                    }
                }
                if (progress != null) {
                    progress.accept(members.length);
                }
            }
        };
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < Math.max(1, threads); t++) {
            Thread th = new Thread(worker, "sim-build-" + t);
            th.start();
            pool.add(th);
        }
        for (Thread th : pool) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        stats.framesBuilt(CommPath.WISUN, 0);
        return new DryRun(meters.size(), frames.sum(), batches.sum(), bytes.sum(), System.nanoTime() - start);
    }

    /** Handles a re-collection request (any thread); answers on the scheduler thread. */
    public void recollect(RecollectRequest request) {
        stats.recollectRequest(request.count());
        scheduler.execute(() -> {
            try {
                answer(request);
            } catch (RuntimeException e) {
                LOG.warn("re-collection request {} failed", request, e);
            }
        });
    }

    private void answer(RecollectRequest request) {
        CommPath path = request.path();
        int sourceId = (int) request.sourceId();
        List<byte[]> frames = new ArrayList<>();
        synchronized (this) {
            Batcher out = new Batcher(path, sourceId, frames);
            ByteBuffer plain = ByteBuffer.allocate(64);
            MeterReading reading = new MeterReading();
            for (int k = 0; k < request.count(); k++) {
                long meterId = request.meterIds()[k];
                int i = meters.indexOf(meterId);
                if (i < 0 || meters.pathCode(i) != path.code() || meters.source(i) != sourceId) {
                    continue; // not one of this source's meters (a broadcast for an unrouted meter)
                }
                long boundary = request.boundaryEpochSeconds()[k];
                long closed = Slots.closedBy(boundary);
                MeterExchanges ex = meters.exchanges();
                int x = ex.indexOfPoint(i);
                boolean newMeter = x >= 0 && meterId == ex.newMeterId(x);
                long counter = answerCounter(i, x, newMeter);
                boolean unreachable = faults.unreachable() > 0
                        && unit(Mix.mix(faultSeed, i, closed * 977 + 5)) < faults.unreachable();
                // an exchanged point: the old meter answers only for boundaries before its exchange slot, the new one
                // only for boundaries from it on. (Which meter answers follows the boundary, not the clock: the
                // exchange falls after the previous boundary's re-collection rounds, and a run on a fast simulated
                // clock must not turn a late-scheduled answer into a Get_SNA.)
                boolean notThere = x >= 0 && (newMeter ? closed < ex.slot(x) : closed >= ex.slot(x));
                if (unreachable || notThere || !Slots.isBoundary(boundary) || closed < historyStartSlot || closed > historyEndSlot) {
                    plain.clear();
                    MeterReadingEncoder.encodeGetSna((int) (counter & 0xFFFF), EchonetLite.EPC_FIXED_TIME_NORMAL, plain);
                    plain.flip();
                    byte[] env = new byte[Envelope.sealedLength(plain.remaining())];
                    sealer.seal(meterId, counter, plain, ByteBuffer.wrap(env));
                    out.add(env);
                    stats.recollectAnswered(false);
                    continue;
                }
                long energy = 0;
                for (long s = historyStartSlot + 1; s <= closed; s++) {
                    energy += profile.importUnits(i, s);
                }
                reading.set((int) (counter & 0xFFFF), Direction.NORMAL, boundary, meters.registerAt(i, closed, energy),
                        meters.coefficient(i), meters.digits(i), meters.unitCode(i));
                reading.esv(EchonetLite.ESV_GET_RES);
                out.add(seal(sealer, meterId, counter, reading, plain));
                stats.recollectAnswered(true);
            }
            out.flush();
        }
        for (byte[] frame : frames) {
            long seq = ByteBuffer.wrap(frame).getLong(BatchFrame.OFFSET_BATCH_SEQ);
            attempt(path, sourceId, seq, frame, 1, new CompletableFuture<>());
        }
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

    /** Convenience for callers that hold the clock: the instant a slot's readings are all due (stragglers included). */
    public Instant lastArrival(long slotIndex) {
        long max = delays.maxDelaySeconds() + 180;
        if (faults.late() > 0) {
            max = Math.max(max, 960 + 180);
        }
        return Instant.ofEpochSecond(Slots.endEpochSecond(slotIndex) + max);
    }

    /** Creates an ack-less view for logging. */
    static String describe(AckFrame ack) {
        return ack.status() + " +" + ack.accepted() + " dup " + ack.duplicates() + " rej " + ack.rejected();
    }
}
