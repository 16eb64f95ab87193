package jp.ami.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.batch.BatchFrame;
import jp.ami.protocol.batch.BatchWriter;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;

/**
 * Builds one boundary's batches for every meter ahead of time, without faults, on several threads: the hot path of
 * {@link MeterSimulator#buildBoundary} (a benchmark's load, a dry run's cost at scale). Sources are handed out to the
 * threads one at a time; each thread has its own sealer, batch buffer, writer and reading, and seals every envelope
 * straight into its batch buffer, so building allocates nothing per frame. Each finished batch is handed to the
 * {@link MeterSimulator.BatchSink} as a view of that buffer.
 */
final class AheadBuilder {
    private final Simulation sim;
    private final MeterPopulation meters;
    private final LoadProfile profile;
    private final ArrivalDelays delays;
    private final MeterKeys keys;

    AheadBuilder(Simulation sim, ArrivalDelays delays, MeterKeys keys) {
        this.sim = sim;
        this.meters = sim.meters();
        this.profile = sim.profile();
        this.delays = delays;
        this.keys = keys;
    }

    /** See {@link MeterSimulator#buildBoundary}; the caller has recorded the boundary in the history. */
    MeterSimulator.DryRun build(long closedSlot, boolean advance, int threads, LongConsumer progress,
                                MeterSimulator.BatchSink sink) {
        long start = System.nanoTime();
        Run run = new Run(closedSlot, advance, progress, sink, SourceMembers.of(meters));
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < Math.max(1, threads); t++) {
            Thread th = new Thread(() -> new Worker(run).buildAll(), "sim-build-" + t);
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
        return new MeterSimulator.DryRun(meters.size(), run.frames.sum(), run.batches.sum(), run.bytes.sum(),
                System.nanoTime() - start);
    }

    /** One boundary's build: what the workers share. */
    private static final class Run {
        final long closedSlot;
        final long boundary;
        final boolean advance;
        final LongConsumer progress;
        final MeterSimulator.BatchSink sink;
        final List<SourceMembers.Source> work;
        final AtomicInteger next = new AtomicInteger();
        final LongAdder frames = new LongAdder();
        final LongAdder batches = new LongAdder();
        final LongAdder bytes = new LongAdder();

        Run(long closedSlot, boolean advance, LongConsumer progress, MeterSimulator.BatchSink sink,
            List<SourceMembers.Source> work) {
            this.closedSlot = closedSlot;
            this.boundary = Slots.endEpochSecond(closedSlot);
            this.advance = advance;
            this.progress = progress;
            this.sink = sink;
            this.work = work;
        }
    }

    /** One builder thread's state, reused for every source and batch it builds. */
    private final class Worker {
        private final Run run;
        private final EnvelopeSealer sealer = new EnvelopeSealer(keys);
        private final ByteBuffer buf = ByteBuffer.allocate(BatchFrame.MAX_BYTES);
        private final BatchWriter writer = new BatchWriter();
        private final ReadingSealer readings = new ReadingSealer(meters);

        Worker(Run run) {
            this.run = run;
        }

        /** Takes sources until none is left. */
        void buildAll() {
            int w;
            while ((w = run.next.getAndIncrement()) < run.work.size()) {
                SourceMembers.Source source = run.work.get(w);
                buildSource(source);
                if (run.progress != null) {
                    run.progress.accept(source.members().length);
                }
            }
        }

        /** The source's batches: as many as its meters' readings fill. */
        private void buildSource(SourceMembers.Source source) {
            CommPath path = source.path();
            long due = run.boundary + delays.delaySeconds(path, source.sourceId(), run.closedSlot);
            int[] members = source.members();
            int k = 0;
            while (k < members.length) {
                buf.clear();
                writer.begin(buf, path, source.sourceId(), sim.nextBatchSeq().getAsLong());
                while (k < members.length && addMeter(members[k])) {
                    k++;
                }
                finishBatch(path, source.sourceId(), due);
            }
        }

        /**
         * Advances point i by the slot's energy (with {@code advance}) and adds its 0xEA reading and, for a PV meter, its
         * 0xEB reading to the open batch; false (point i unchanged) when the batch has no room for both.
         */
        private boolean addMeter(int i) {
            long use = run.advance ? profile.importUnits(i, run.closedSlot) : 0;
            meters.addEnergy(i, use);
            long counter = sim.counters().atBoundary(i, run.closedSlot);
            readings.set(i, counter, Direction.NORMAL, run.boundary, meters.register(i));
            ByteBuffer plain = readings.encode();
            if (!writer.room(2 * (plain.remaining() + 33)) || !writer.addSealed(sealer, meters.meterId(i), counter, plain)) {
                meters.addEnergy(i, -use);
                return false;
            }
            if (meters.pvWatts(i) > 0) {
                if (run.advance) {
                    meters.addExport(i, profile.exportUnits(i, run.closedSlot));
                }
                readings.set(i, counter + 1, Direction.REVERSE, run.boundary, meters.exportRegister(i));
                writer.addSealed(sealer, meters.meterId(i), counter + 1, readings.encode());
            }
            return true;
        }

        private void finishBatch(CommPath path, int sourceId, long due) {
            int count = writer.count();
            run.frames.add(count);
            int len = writer.finish();
            run.bytes.add(len);
            run.batches.increment();
            if (run.sink != null) {
                run.sink.batch(path, sourceId, due, buf.duplicate().position(0).limit(len), count);
            }
        }
    }
}
