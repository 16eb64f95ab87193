package jp.ami.mdms.slots;

import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.model.EnergyUnit;
import jp.ami.model.Registers;
import jp.ami.model.Slots;

/**
 * Intake of journal documents: checks every reading (direction, known meter, clock skew, register format, the
 * right meter around an exchange) and records an accepted one as the point's register at the boundary it is
 * stamped on (snapped within the clock-skew tolerance) — in the {@link BoundaryWindow} while an open slot needs the
 * boundary, and in the point's {@link Gap} if it has one. Counts every outcome in {@link EngineCounters}, once per
 * document.
 *
 * <p>The hot path of the MDMS: allocation-free per reading in the common case (a boundary already held, no gap).
 * A reading's outcome is an {@code int}: one of the rejections, or {@link #ACCEPTED} with the bits
 * {@link #SNAPPED}, {@link #LATE} and {@link #CONFLICT}.
 */
final class ReadingIntake {
    private static final int REVERSE = 1;
    private static final int UNKNOWN_METER = 2;
    private static final int CLOCK_SKEW = 3;
    private static final int INVALID = 4;
    private static final int WRONG_METER = 5;
    private static final int ACCEPTED = 8;
    /** Stamped off the boundary within the tolerance: snapped to it. */
    private static final int SNAPPED = 16;
    /** For a boundary whose slot is finalised already. */
    private static final int LATE = 32;
    /** The boundary had a different register for the point: the first one stays. */
    private static final int CONFLICT = 64;

    private final MasterData master;
    private final long toleranceSeconds;
    private final MeterFormats formats;
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final EngineCounters counters;

    ReadingIntake(MasterData master, long toleranceSeconds, MeterFormats formats, BoundaryWindow window, Gaps gaps,
                  EngineCounters counters) {
        this.master = master;
        this.toleranceSeconds = toleranceSeconds;
        this.formats = formats;
        this.window = window;
        this.gaps = gaps;
        this.counters = counters;
    }

    /** Consumes every record of {@code batch} (one journal document). */
    void accept(ReadingBatch batch) {
        int n = batch.size();
        long acc = 0, rev = 0, unk = 0, skew = 0, inv = 0, lat = 0, snapped = 0, conf = 0, wrong = 0;
        for (int i = 0; i < n; i++) {
            int outcome = take(batch, i);
            switch (outcome) {
                case REVERSE -> rev++;
                case UNKNOWN_METER -> unk++;
                case CLOCK_SKEW -> skew++;
                case INVALID -> inv++;
                case WRONG_METER -> wrong++;
                default -> {
                    acc++;
                    snapped += (outcome & SNAPPED) >>> 4;
                    lat += (outcome & LATE) >>> 5;
                    conf += (outcome & CONFLICT) >>> 6;
                }
            }
        }
        EngineCounters c = counters;
        c.batches++;
        c.readings += n;
        c.accepted += acc;
        c.reverse += rev;
        c.unknownMeters += unk;
        c.clockSkew += skew;
        c.invalid += inv;
        c.late += lat;
        c.skewSnapped += snapped;
        c.conflicts += conf;
        c.wrongMeter += wrong;
    }

    /** Checks reading {@code i} and records it when it is accepted; returns its outcome. */
    private int take(ReadingBatch batch, int i) {
        if (batch.direction(i) != ReadingBatch.DIRECTION_NORMAL) {
            return REVERSE;
        }
        long meter = batch.meterId(i);
        int p = master.pointOfMeter(meter);
        if (p < 0) {
            return UNKNOWN_METER;
        }
        long t = batch.readingEpochSecond(i);
        long bt = nearestBoundary(t);
        long off = Math.abs(t - bt);
        if (off > toleranceSeconds || t > Math.floorDiv(batch.receivedEpochMillis(i), 1000) + toleranceSeconds) {
            return CLOCK_SKEW;
        }
        int unit = batch.unitCode(i);
        int digits = batch.digits(i);
        int coef = batch.coefficient(i);
        long reg = batch.register(i);
        if (!isValid(unit, digits, coef, reg)) {
            return INVALID;
        }
        long b = Slots.closedBy(bt);
        if (isOtherMetersBoundary(p, meter, b)) {
            return WRONG_METER;
        }
        formats.set(p, unit, digits, coef);
        return ACCEPTED | (off != 0 ? SNAPPED : 0) | record(p, b, reg, off != 0);
    }

    /** The slot boundary nearest to {@code epochSecond}. */
    private static long nearestBoundary(long epochSecond) {
        return Math.floorDiv(epochSecond + Slots.SECONDS_PER_SLOT / 2, Slots.SECONDS_PER_SLOT) * Slots.SECONDS_PER_SLOT;
    }

    private static boolean isValid(int unit, int digits, int coef, long reg) {
        return EnergyUnit.isValidCode(unit) && digits >= 1 && digits <= 10 && coef >= 1 && reg >= 0 && reg <= 0xFFFF_FFFFL
                && reg < Registers.modulus(digits);
    }

    /** A reading of an exchanged point's old meter at or after the exchange slot, or of its new meter before it. */
    private boolean isOtherMetersBoundary(int p, long meter, long b) {
        Exchange x = master.exchange(p);
        return x != null && (meter == x.oldMeter() ? b >= x.slot() : b < x.slot());
    }

    /** Records register {@code reg} of point {@code p} at boundary {@code b}; returns the LATE and CONFLICT bits. */
    private int record(int p, long b, long reg, boolean snapped) {
        int outcome = 0;
        Gap g = gaps.of(p);
        if (g != null && b >= g.first - 1) {
            if (!g.add(b, reg)) {
                outcome |= CONFLICT;
            } else {
                gaps.readingAdded(g);
            }
        }
        Boundary boundary = window.resolve(b);
        if (window.lastResolvedLate()) {
            outcome |= LATE;
        }
        if (boundary != null && !boundary.set(p, (int) reg, snapped) && g == null) {
            outcome |= CONFLICT;
        }
        return outcome;
    }
}
