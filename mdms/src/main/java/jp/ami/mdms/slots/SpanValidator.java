package jp.ami.mdms.slots;

import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.EnergyUnit;
import jp.ami.model.Registers;

/**
 * Validation (the V of VEE) of measured energy: the energy between two real register readings of a point as a
 * {@link Vee#pack packed} value — PRESENT with the exact units, or MISSING flagged {@link Vee#NEGATIVE} /
 * {@link Vee#OVER_CAPACITY} — accounting for a meter exchange inside the span. Allocation-free.
 *
 * <p>Points are local indexes of a {@link PointSpace}. For export values (the reverse register) the master data's
 * exchange carries no registers (its final and initial registers are the normal-direction ones): a span across
 * an exchange is MISSING flagged {@link Vee#EXCHANGE}.
 */
final class SpanValidator {
    private final MasterData master;
    private final MeterFormats formats;
    private final PointSpace space;

    SpanValidator(MasterData master, MeterFormats formats) {
        this(master, formats, PointSpace.allPoints(master.registry()));
    }

    SpanValidator(MasterData master, MeterFormats formats, PointSpace space) {
        this.master = master;
        this.formats = formats;
        this.space = space;
    }

    /** The value of slot {@code k} from the point's readings at both of its boundaries, with their VEE flags. */
    long measured(int p, long k, Boundary start, Boundary end) {
        long packed = span(p, k - 1, start.get(p), k, end.get(p));
        int extra = 0;
        if (start.skewed(p) || end.skewed(p)) {
            extra |= Vee.CLOCK_SKEW;
        }
        if (start.conflict(p) || end.conflict(p)) {
            extra |= Vee.DUPLICATE_CONFLICT;
        }
        return extra == 0 ? packed : packed | ((long) extra << 48);
    }

    /**
     * The validated energy between real readings at boundaries {@code a < b}: PRESENT with the exact units, or
     * MISSING flagged NEGATIVE / OVER_CAPACITY. Accounts for a meter exchange inside the span.
     */
    long span(int local, long a, long regA, long b, long regB) {
        int p = space.point(local);
        int d = formats.digits(p);
        EnergyUnit unit = formats.unit(p);
        int flags = 0;
        long steps;
        boolean backwards;
        Exchange x = master.exchange(p);
        if (x != null && a < x.slot() && b >= x.slot() && space.isExport()) {
            return Vee.pack(0, ValueStatus.MISSING, Vee.EXCHANGE);
        }
        if (x != null && a < x.slot() && b >= x.slot()) {
            steps = Registers.delta(regA, x.oldFinal(), d) + Registers.delta(x.newInitial(), regB, d);
            backwards = x.oldFinal() < regA || regB < x.newInitial();
            flags |= Vee.EXCHANGE;
        } else {
            steps = Registers.delta(regA, regB, d);
            backwards = regB < regA;
        }
        long units;
        try {
            units = unit.toUnits(steps, formats.coefficient(p));
        } catch (ArithmeticException e) {
            return Vee.pack(0, ValueStatus.MISSING, flags | Vee.OVER_CAPACITY);
        }
        // a register counts whole steps: the delta may show up to one step (unit × coefficient) more than passed
        long cap = Vee.capacityUnitsPerSlot(master.contractAmperes(p)) * (b - a) + unit.toUnits(1, formats.coefficient(p));
        if (units > cap) {
            return Vee.pack(0, ValueStatus.MISSING, flags | (backwards ? Vee.NEGATIVE : Vee.OVER_CAPACITY));
        }
        return Vee.pack(units, ValueStatus.PRESENT, flags);
    }
}
