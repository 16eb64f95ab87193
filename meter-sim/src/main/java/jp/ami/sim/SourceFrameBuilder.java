package jp.ami.sim;

import jp.ami.model.CommPath;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.envelope.MeterKeys;

/**
 * Builds the frames one source sends for one boundary, with the run's faults ({@link FaultDraws}): per meter, the
 * 0xEA reading of the meter installed then, sent as its draw says (main batch, a straggler batch, corrupted, or not
 * at all); the 0xEB reading of a PV meter (no faults applied); and the extra frames an attacker or a broken device
 * adds (a replayed day-old frame, an unknown meter, a wrong key). Every fault is counted in {@link SimStats}.
 * Not thread-safe (one reused reading and buffer): the simulator calls it under its lock.
 */
final class SourceFrameBuilder {
    /** The key a spoofer uses (wrong-key fault). */
    private static final MeterKeys SPOOF_KEYS = new MeterKeys(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    private final Simulation sim;
    private final MeterPopulation meters;
    private final SimStats stats;
    private final FaultDraws faults;
    private final EnvelopeSealer sealer;
    private final EnvelopeSealer spoofSealer = new EnvelopeSealer(SPOOF_KEYS);
    private final ReadingSealer readings;

    SourceFrameBuilder(Simulation sim, FaultDraws faults, EnvelopeSealer sealer) {
        this.sim = sim;
        this.meters = sim.meters();
        this.stats = sim.stats();
        this.faults = faults;
        this.sealer = sealer;
        this.readings = new ReadingSealer(meters);
    }

    /** The frames of source {@code sourceId} (meters {@code members}) for the boundary closing {@code closedSlot}. */
    SourceFrames build(CommPath path, int sourceId, int[] members, long boundaryEpochSecond, long closedSlot) {
        SourceFrames out = new SourceFrames();
        Batches batches = new Batches(path, sourceId, out);
        out.outage = faults.outage(path, sourceId, closedSlot);
        for (int i : members) {
            addMeter(batches, path, i, boundaryEpochSecond, closedSlot, out.outage);
        }
        if (out.outage) {
            stats.fault("outage");
        }
        batches.flush();
        return out;
    }

    /** One batcher per kind of batch of the source. */
    private final class Batches {
        final FrameBatcher main;
        final FrameBatcher reordered;
        final FrameBatcher duplicated;
        final FrameBatcher late;

        Batches(CommPath path, int sourceId, SourceFrames out) {
            main = new FrameBatcher(path, sourceId, sim.nextBatchSeq(), out.main);
            reordered = new FrameBatcher(path, sourceId, sim.nextBatchSeq(), out.reordered);
            duplicated = new FrameBatcher(path, sourceId, sim.nextBatchSeq(), out.duplicated);
            late = new FrameBatcher(path, sourceId, sim.nextBatchSeq(), out.late);
        }

        void flush() {
            main.flush();
            reordered.flush();
            duplicated.flush();
            late.flush();
        }
    }

    /** Point i's frames; in an outage only built and counted, not sent. */
    private void addMeter(Batches batches, CommPath path, int i, long boundaryEpochSecond, long closedSlot,
                          boolean outage) {
        long h = faults.meterDraw(i, closedSlot);
        long counter = sim.counters().atBoundary(i, closedSlot);
        // after a meter exchange inside the run the point's new meter (own ID, key, counters, register) reads
        long meterId = meters.meterIdAt(i, closedSlot);
        long register = meters.registerAt(i, closedSlot, meters.energyUnits(i));
        readings.set(i, counter, Direction.NORMAL, stamp(h, boundaryEpochSecond), register);
        byte[] envelope = readings.seal(sealer, meterId, counter);
        stats.framesBuilt(path, 1);
        if (meterId != meters.meterId(i) && closedSlot == meters.exchanges().slot(meters.exchanges().indexOfPoint(i))) {
            stats.fault("exchange"); // the new meter's first reading
        }
        if (outage) {
            return;
        }
        deliver(batches, envelope, h);
        if (meters.pvWatts(i) > 0) {
            addExport(batches.main, path, i, meterId, counter + 1, boundaryEpochSecond, closedSlot);
        }
        addIntruders(batches.main, i, meterId, counter, register, boundaryEpochSecond, h);
    }

    /** The reading's time stamp: the boundary, or off it by the clock-skew fault. */
    private long stamp(long h, long boundaryEpochSecond) {
        int skew = faults.clockSkewSeconds(h);
        if (skew != 0) {
            stats.fault("clock_skew");
        }
        return boundaryEpochSecond + skew;
    }

    /** Puts the 0xEA envelope where its draw sends it. */
    private void deliver(Batches batches, byte[] envelope, long h) {
        switch (faults.delivery(h)) {
            case LOST -> stats.fault("loss");
            case CORRUPTED -> {
                faults.corrupt(envelope, h);
                batches.main.add(envelope);
                stats.fault("corrupt");
            }
            case TAMPERED -> {
                faults.tamper(envelope, h);
                batches.main.add(envelope);
                stats.fault("tamper");
            }
            case LATE -> {
                batches.late.add(envelope);
                stats.fault("late");
            }
            case REORDERED -> {
                batches.reordered.add(envelope);
                stats.fault("reorder");
            }
            case MAIN -> {
                batches.main.add(envelope);
                if (faults.duplicated(h)) {
                    batches.duplicated.add(envelope);
                    stats.fault("dup");
                }
            }
        }
    }

    /** Rooftop PV: the reverse-direction register (0xEB) travels in its own INF; no faults applied. */
    private void addExport(FrameBatcher main, CommPath path, int i, long meterId, long counter, long boundaryEpochSecond,
                           long closedSlot) {
        readings.set(i, counter, Direction.REVERSE, boundaryEpochSecond, meters.installedExportRegister(i, closedSlot));
        main.add(readings.seal(sealer, meterId, counter));
        stats.framesBuilt(path, 1);
    }

    /** The extra frames an attacker or a broken device adds next to point i's reading. */
    private void addIntruders(FrameBatcher main, int i, long meterId, long counter, long register,
                              long boundaryEpochSecond, long h) {
        if (faults.replay(h)) {
            long old = faults.replayedCounter(h, counter);
            if (old > 0) {
                readings.set(i, old, Direction.NORMAL, boundaryEpochSecond - 86_400, register);
                main.add(readings.seal(sealer, meterId, old));
                stats.fault("replay");
            }
        }
        if (faults.unknownMeter(h)) {
            // beyond the population and the spare IDs new meters of exchanges take
            long stranger = meters.meterId(meters.size() - 1) + 1 + meters.exchanges().size() + faults.strangerOffset(h);
            readings.reading().set(1, Direction.NORMAL, boundaryEpochSecond, 0, 1, 8, 0x02);
            main.add(readings.seal(sealer, stranger, 1));
            stats.fault("unknown_meter");
        }
        if (faults.wrongKey(h)) {
            long spoofed = faults.spoofedCounter(h, counter);
            readings.set(i, spoofed, Direction.NORMAL, boundaryEpochSecond, 0);
            main.add(readings.seal(spoofSealer, meterId, spoofed));
            stats.fault("wrong_key");
        }
    }
}
