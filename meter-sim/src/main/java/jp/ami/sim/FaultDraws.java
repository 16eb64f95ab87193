package jp.ami.sim;

import jp.ami.model.CommPath;
import jp.ami.protocol.envelope.Envelope;

/**
 * Which of the {@link FaultConfig} faults hit a (meter, boundary) or a (source, boundary), and how: every draw is a
 * hash of the fault seed (derived from the population seed) and of what it is drawn for, never a stateful random
 * generator, so a run is reproducible and the order in which draws are made does not matter. Stateless and
 * thread-safe.
 *
 * <p>A meter's draw {@code h = mix(faultSeed, meter, closedSlot)} is split by sub-hash: {@code mix(h, 1…10)} decide
 * the faults, {@code mix(h, 11…18)} their details (skew, flipped byte, replayed counter, stranger ID, spoofed counter).
 */
final class FaultDraws {
    private static final long FAULT_SALT = 0x6661756C74L;
    /** Frame counters this far back are outside any 32-counter replay window. */
    private static final int REPLAY_WINDOW_FAR = 64;
    /** Late readings arrive this long after their boundary (plus up to {@link #LATE_SPREAD} − 1 s). */
    static final int LATE_AFTER_SECONDS = 960;
    static final int LATE_SPREAD = 181;
    /** The duplicate straggler batch is due at most this long after the main batch. */
    private static final int DUPLICATE_LAST_SECONDS = 60 + 120;

    /** Where a meter's reading goes, by its draw. */
    enum Delivery {
        /** Not delivered (radio loss). */
        LOST,
        /** In the main batch with one byte of the envelope flipped. */
        CORRUPTED,
        /** In the main batch with one ciphertext bit of the register flipped. */
        TAMPERED,
        /** In the late straggler batch. */
        LATE,
        /** In the reordered straggler batch. */
        REORDERED,
        /** In the main batch (and, if {@link #duplicated}, once more in the duplicate straggler batch). */
        MAIN
    }

    private final FaultConfig faults;
    private final long seed;

    FaultDraws(long populationSeed, FaultConfig faults) {
        this.faults = faults;
        this.seed = Mix.mix(populationSeed, FAULT_SALT);
    }

    FaultConfig config() {
        return faults;
    }

    /** The draw of meter i at the boundary closing {@code closedSlot}. */
    long meterDraw(int i, long closedSlot) {
        return Mix.mix(seed, i, closedSlot);
    }

    /** The draw of a source at the boundary closing {@code closedSlot} (its stragglers' delays). */
    long sourceDraw(CommPath path, int sourceId, long closedSlot) {
        return Mix.mix(seed, sourceKey(path, sourceId), closedSlot);
    }

    /** Whether the source's whole batch for the boundary closing {@code closedSlot} is lost. */
    boolean outage(CommPath path, int sourceId, long closedSlot) {
        return hits(faults.outage(), Mix.mix(seed, sourceKey(path, sourceId), closedSlot * 31 + 7));
    }

    /** Whether meter i answers re-collection of the boundary closing {@code closedSlot} with Get_SNA. */
    boolean unreachable(int i, long closedSlot) {
        return hits(faults.unreachable(), Mix.mix(seed, i, closedSlot * 977 + 5));
    }

    /** Seconds the reading is stamped off its boundary (±1–120), or 0. */
    int clockSkewSeconds(long h) {
        if (!hits(faults.clockSkew(), Mix.mix(h, 10))) {
            return 0;
        }
        int skew = 1 + Mix.below(Mix.mix(h, 11), 120);
        return (Mix.mix(h, 12) & 1) == 0 ? skew : -skew;
    }

    /** Where the reading goes: the first of loss, corrupt, tamper, late, reorder that hits, else the main batch. */
    Delivery delivery(long h) {
        if (hits(faults.loss(), Mix.mix(h, 1))) {
            return Delivery.LOST;
        } else if (hits(faults.corrupt(), Mix.mix(h, 2))) {
            return Delivery.CORRUPTED;
        } else if (hits(faults.tamper(), Mix.mix(h, 3))) {
            return Delivery.TAMPERED;
        } else if (hits(faults.late(), Mix.mix(h, 4))) {
            return Delivery.LATE;
        } else if (hits(faults.reorder(), Mix.mix(h, 5))) {
            return Delivery.REORDERED;
        }
        return Delivery.MAIN;
    }

    /** Whether a reading delivered in the main batch is sent once more in the duplicate straggler batch. */
    boolean duplicated(long h) {
        return hits(faults.dup(), Mix.mix(h, 6));
    }

    /** Flips one byte (not the version) of the envelope. */
    void corrupt(byte[] envelope, long h) {
        envelope[1 + Mix.below(Mix.mix(h, 13), envelope.length - 1)] ^= (byte) (1 + Mix.below(Mix.mix(h, 14), 255));
    }

    /** Flips one ciphertext bit where the register's bytes sit (plaintext offset 21..24). */
    void tamper(byte[] envelope, long h) {
        envelope[Envelope.HEADER_LENGTH + 21 + Mix.below(Mix.mix(h, 15), 4)] ^= 0x01;
    }

    /** Whether a copy of a day-old frame is replayed. */
    boolean replay(long h) {
        return hits(faults.replay(), Mix.mix(h, 7));
    }

    /** The counter of the replayed day-old frame (may be ≤ 0: then there is none). */
    long replayedCounter(long h, long counter) {
        return counter - REPLAY_WINDOW_FAR - Mix.below(Mix.mix(h, 16), 500);
    }

    /** Whether a frame from a meter ID nobody knows is added. */
    boolean unknownMeter(long h) {
        return hits(faults.unknownMeter(), Mix.mix(h, 8));
    }

    /** How far beyond the first ID nobody has the stranger's meter ID lies. */
    long strangerOffset(long h) {
        return Mix.below(Mix.mix(h, 17), 1_000_000);
    }

    /** Whether a frame for the meter sealed with another key (spoofing) is added. */
    boolean wrongKey(long h) {
        return hits(faults.wrongKey(), Mix.mix(h, 9));
    }

    /** The spoofer's counter: well ahead of the meter's own, so it can never collide with a genuine frame. */
    long spoofedCounter(long h, long counter) {
        return counter + 5_000 + Mix.below(Mix.mix(h, 18), 5_000);
    }

    /** When the reordered straggler batch is due: 30–90 s after the main batch. */
    long reorderedDue(long mainDue, long sourceDraw) {
        return mainDue + 30 + Mix.below(sourceDraw, 61);
    }

    /** When the duplicate straggler batch is due: 60–180 s after the main batch. */
    long duplicatedDue(long mainDue, long sourceDraw) {
        return mainDue + 60 + Mix.below(Mix.mix(sourceDraw, 1), 121);
    }

    /** When the late straggler batch is due: 16–19 min after the boundary. */
    long lateDue(long boundaryEpochSecond, long sourceDraw) {
        return boundaryEpochSecond + LATE_AFTER_SECONDS + Mix.below(Mix.mix(sourceDraw, 2), LATE_SPREAD);
    }

    /** Seconds after a boundary by which its last batch, stragglers included, is due. */
    long lastArrivalSeconds(ArrivalDelays delays) {
        long last = delays.maxDelaySeconds() + DUPLICATE_LAST_SECONDS;
        if (faults.late() > 0) {
            last = Math.max(last, LATE_AFTER_SECONDS + LATE_SPREAD - 1);
        }
        return last;
    }

    private static long sourceKey(CommPath path, int sourceId) {
        return path.code() * 1_000_003L + sourceId;
    }

    private static boolean hits(double rate, long draw) {
        return rate > 0 && Mix.unit(draw) < rate;
    }
}
