package jp.ami.sim;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.model.Slots;
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
 * master key and that ID), frame counters from {@value FrameCounters#NEW_METER_BASE}, its own register. Re-collection
 * answers come from the meter installed for the requested boundary; a meter asked for a boundary it was not
 * installed for answers Get_SNA.
 *
 * <p>Re-collection: the simulator registers itself with both transports ({@link BatchTransport#onRecollect});
 * for each request item of one of the addressing source's own meters it answers, in a batch on the same path,
 * a Get_Res (0x72) with the register at the requested boundary (recomputed from the load profile, so no
 * history is stored per meter), or a Get_SNA (0x52) when the meter is "unreachable" (fault) or the boundary is
 * outside the simulated history.
 *
 * <p>This class coordinates; each job has its own class: {@link SourceFrameBuilder} builds a source's frames for a
 * boundary with faults ({@link FaultDraws}), {@link AheadBuilder} builds a boundary's batches ahead on several threads,
 * {@link RecollectionAnswerer} answers re-collection, {@link FrameCounters} and {@link SlotHistory} keep the counters
 * and the simulated history, {@link BatchSender} sends and resends batches. Building, answering and the history share
 * this object's lock.
 */
public final class MeterSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeterSimulator.class);

    private final MeterPopulation meters;
    private final LoadProfile profile;
    private final ArrivalDelays delays;
    private final FaultDraws faults;
    private final SimStats stats = new SimStats();
    private final LongSupplier nextBatchSeq = new AtomicLong()::incrementAndGet;
    private final SlotHistory history = new SlotHistory();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final BatchSender sender;
    private final SourceFrameBuilder sourceFrames;
    private final AheadBuilder ahead;
    private final RecollectionAnswerer answerer;
    private final HistoryAnswerer historyAnswerer;
    private CompletableFuture<Void> registered;

    public MeterSimulator(MeterPopulation meters, MeterKeys keys, BatchTransport tcp, BatchTransport coap,
                          SimulatedClock clock, ArrivalDelays delays) {
        this(meters, keys, tcp, coap, clock, delays, FaultConfig.NONE);
    }

    public MeterSimulator(MeterPopulation meters, MeterKeys keys, BatchTransport tcp, BatchTransport coap,
                          SimulatedClock clock, ArrivalDelays delays, FaultConfig faults) {
        this.meters = meters;
        this.profile = new LoadProfile(meters.config().seed(), meters);
        this.delays = delays;
        this.faults = new FaultDraws(meters.config().seed(), faults);
        Simulation sim = new Simulation(meters, profile, history, new FrameCounters(meters, history, clock), stats,
                nextBatchSeq);
        this.sender = new BatchSender(tcp, coap, clock, stats, scheduler);
        this.sourceFrames = new SourceFrameBuilder(sim, this.faults, new EnvelopeSealer(keys));
        this.ahead = new AheadBuilder(sim, delays, keys);
        this.answerer = new RecollectionAnswerer(sim, this.faults, new EnvelopeSealer(keys));
        this.historyAnswerer = new HistoryAnswerer(sim, this.faults, new EnvelopeSealer(keys), clock);
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
        return faults.config();
    }

    /**
     * Sends the readings stamped at the start of {@code firstSlot} (the boundary that opens it), without
     * advancing the registers. Completes when every batch is acknowledged.
     */
    public CompletableFuture<Void> sendOpeningReadings(long firstSlot) {
        CompletableFuture<Void> hello = registerSources();
        synchronized (this) {
            history.built(firstSlot - 1, firstSlot - 1);
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
        for (SourceMembers.Source s : SourceMembers.of(meters)) {
            all.add(sender.send(s.path(), s.sourceId(), FrameBatcher.empty(s.path(), s.sourceId(), nextBatchSeq)));
        }
        registered = allOf(all);
        return registered;
    }

    /** Advances every meter through {@code slotIndex} and sends the readings that close it. */
    public CompletableFuture<Void> sendSlot(long slotIndex) {
        CompletableFuture<Void> hello = registerSources();
        synchronized (this) {
            history.built(slotIndex - 1, slotIndex);
            advanceRegisters(slotIndex);
        }
        return CompletableFuture.allOf(hello, sendBoundary(Slots.endEpochSecond(slotIndex), slotIndex));
    }

    /** Every meter's registers move on by its energy in the slot (import; export for PV meters). */
    private void advanceRegisters(long slotIndex) {
        for (int i = 0; i < meters.size(); i++) {
            meters.addEnergy(i, profile.importUnits(i, slotIndex));
            if (meters.pvWatts(i) > 0) {
                meters.addExport(i, profile.exportUnits(i, slotIndex));
            }
        }
    }

    /** Builds every source's frames for the boundary and schedules them for their due instants. */
    private CompletableFuture<Void> sendBoundary(long boundaryEpochSecond, long closedSlot) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (SourceMembers.Source s : SourceMembers.of(meters)) {
            SourceFrames frames;
            synchronized (this) {
                frames = sourceFrames.build(s.path(), s.sourceId(), s.members(), boundaryEpochSecond, closedSlot);
            }
            if (!frames.outage) {
                schedule(all, s, frames, boundaryEpochSecond, closedSlot);
            }
        }
        return allOf(all);
    }

    /** The main batches at the source's arrival delay; the straggler batches after them, as their faults say. */
    private void schedule(List<CompletableFuture<Void>> all, SourceMembers.Source s, SourceFrames frames,
                          long boundaryEpochSecond, long closedSlot) {
        long due = boundaryEpochSecond + delays.delaySeconds(s.path(), s.sourceId(), closedSlot);
        long h = faults.sourceDraw(s.path(), s.sourceId(), closedSlot);
        sendAt(all, due, s, frames.main);
        sendAt(all, faults.reorderedDue(due, h), s, frames.reordered);
        sendAt(all, faults.duplicatedDue(due, h), s, frames.duplicated);
        sendAt(all, faults.lateDue(boundaryEpochSecond, h), s, frames.late);
    }

    private void sendAt(List<CompletableFuture<Void>> all, long dueEpochSecond, SourceMembers.Source s, List<byte[]> frames) {
        for (byte[] frame : frames) {
            all.add(sender.sendAt(Instant.ofEpochSecond(dueEpochSecond), s.path(), s.sourceId(), frame));
        }
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> all) {
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
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
    public DryRun dryRunSlot(long slotIndex, int threads, LongConsumer progress) {
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
    public DryRun buildBoundary(long closedSlot, boolean advance, int threads, LongConsumer progress, BatchSink sink) {
        synchronized (this) {
            history.built(advance ? closedSlot - 1 : closedSlot, closedSlot);
        }
        return ahead.build(closedSlot, advance, threads, progress, sink);
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
        List<byte[]> frames;
        synchronized (this) {
            frames = request.history() ? historyAnswerer.answer(request) : answerer.answer(request);
        }
        for (byte[] frame : frames) {
            sender.send(request.path(), (int) request.sourceId(), frame);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Convenience for callers that hold the clock: the instant a slot's readings are all due (stragglers included). */
    public Instant lastArrival(long slotIndex) {
        return Instant.ofEpochSecond(Slots.endEpochSecond(slotIndex) + faults.lastArrivalSeconds(delays));
    }
}
