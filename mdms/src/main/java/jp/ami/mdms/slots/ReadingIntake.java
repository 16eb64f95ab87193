package jp.ami.mdms.slots;

import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.ExportIndex;
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
 * <p>A reverse-direction reading (EPC 0xEB, export) passes the same checks and is recorded by the point's export
 * index ({@link ExportIndex}; the first one accepted adds the point) in the export window and the point's export gap.
 * The register format is the meter's, shared by both directions ({@link MeterFormats}). Rejected reverse readings
 * are counted with the normal ones (unknown meter, clock skew, invalid, wrong meter); {@code reverse} counts them all.
 *
 * <p>The hot path of the MDMS: allocation-free per reading in the common case (a boundary already held, no gap);
 * the outcomes are summed in locals and added to the counters once per document.
 */
final class ReadingIntake {
    /**
     * How far after the head-end's receive time a reading may be stamped: a reading stamped a whole boundary ahead
     * (a meter clock 29+ minutes fast, which would land it in the wrong slot) is still refused, while a head-end clock
     * stepped back by NTP up to 10 minutes does not turn every acknowledged reading into one "from the future".
     */
    static final long FUTURE_SLACK_SECONDS = 600;

    private final MasterData master;
    private final long toleranceSeconds;
    private final MeterFormats formats;
    private final BoundaryWindow window;
    private final Gaps gaps;
    private final EngineCounters counters;
    private final ExportIndex exportIndex;
    private final BoundaryWindow exportWindow;
    private final Gaps exportGaps;
    private final DayRegisters registers;

    ReadingIntake(MasterData master, long toleranceSeconds, MeterFormats formats, BoundaryWindow window, Gaps gaps,
                  EngineCounters counters, ExportIndex exportIndex, BoundaryWindow exportWindow, Gaps exportGaps,
                  DayRegisters registers) {
        this.exportIndex = exportIndex;
        this.exportWindow = exportWindow;
        this.exportGaps = exportGaps;
        this.registers = registers;
        this.master = master;
        this.toleranceSeconds = toleranceSeconds;
        this.formats = formats;
        this.window = window;
        this.gaps = gaps;
        this.counters = counters;
    }

    /**
     * Consumes every record of {@code batch} (one journal document). One flat loop on purpose: the checks and the
     * recording of a reading stay in one compiled method (a call per reading with its outcome decoded after it was a
     * third slower in {@code SlotBenchmarks.engineAccept}).
     */
    void accept(ReadingBatch batch) {
        int n = batch.size();
        long acc = 0, rev = 0, unk = 0, skew = 0, inv = 0, lat = 0, snapped = 0, conf = 0, wrong = 0;
        final MasterData master = this.master;
        final long tolerance = this.toleranceSeconds;
        final long futureSlack = Math.max(tolerance, FUTURE_SLACK_SECONDS);
        final MeterFormats formats = this.formats;
        final Gaps gaps = this.gaps;
        final BoundaryWindow window = this.window;
        // provenance: the document's reference in the boundary last resolved (one lookup per boundary run)
        final long docIndex = batch.documentIndex();
        final long route = ((long) batch.sourcePath() << 32) | batch.sourceId();
        Boundary refBoundary = null;
        int ref = 0;
        for (int i = 0; i < n; i++) {
            boolean reverse = batch.direction(i) != ReadingBatch.DIRECTION_NORMAL;
            if (reverse) {
                rev++;
            }
            long meter = batch.meterId(i);
            int p = master.pointOfMeter(meter);
            if (p < 0) {
                unk++;
                continue;
            }
            long t = batch.readingEpochSecond(i);
            long bt = nearestBoundary(t);
            long off = Math.abs(t - bt);
            if (off > tolerance || t > Math.floorDiv(batch.receivedEpochMillis(i), 1000) + futureSlack) {
                skew++;
                continue;
            }
            int unit = batch.unitCode(i);
            int digits = batch.digits(i);
            int coef = batch.coefficient(i);
            long reg = batch.register(i);
            if (!isValid(unit, digits, coef, reg)) {
                inv++;
                continue;
            }
            long b = Slots.closedBy(bt);
            if (isOtherMetersBoundary(master, p, meter, b)) {
                wrong++;
                continue;
            }
            if (off != 0) {
                snapped++;
            }
            formats.set(p, unit, digits, coef);
            if (reverse) {
                if (!acceptExport(p, b, reg, off != 0)) {
                    conf++;
                }
                if (exportWindow.lastResolvedLate()) {
                    lat++;
                }
                continue;
            }
            Gap g = gaps.of(p);
            if (g != null && b >= g.first - 1) {
                if (!g.add(b, reg)) {
                    conf++;
                } else {
                    gaps.readingAdded(g);
                }
            }
            Boundary boundary = window.resolve(b);
            if (window.lastResolvedLate()) {
                lat++;
                if (Slots.number(b) == Slots.SLOTS_PER_DAY && b + 1 <= window.watermark()) {
                    lateMidnight(p, b, reg, unit, digits, coef); // a register at 00:00 captured as unknown
                }
            }
            if (boundary != null) {
                if (boundary != refBoundary) {
                    refBoundary = boundary;
                    ref = boundary.document(docIndex, route);
                }
                if (!boundary.set(p, (int) reg, off != 0, ref) && g == null) {
                    conf++;
                }
            }
            acc++;
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

    /** Records the register at the 00:00 after slot {@code b} that arrived after that day's registers were captured. */
    private void lateMidnight(int p, long b, long reg, int unit, int digits, int coef) {
        long day = Slots.jstEpochDay(b) + 1;
        if (registers.has(day) && !DayRegisters.isKnown(registers.get(day, p))) {
            registers.put(day, p, DayRegisters.pack(reg, unit, digits, coef));
        }
    }

    /**
     * Records an accepted reverse reading of point {@code p} at boundary {@code b}; returns false on a conflict. A point's
     * first reverse reading adds it to the export index with first export slot {@code b + 1} (the first slot it has a
     * start reading for), or the first open slot when that is later; a reading for an earlier boundary whose slot is
     * still open moves the first export slot back. Allocation-free for a known PV point with a held boundary.
     */
    private boolean acceptExport(int p, long b, long reg, boolean skewed) {
        int e = exportIndex.of(p);
        long open = window.watermark() == Long.MIN_VALUE ? Long.MIN_VALUE : window.watermark() + 1;
        long first = Math.max(b + 1, open);
        if (e < 0) {
            e = exportIndex.add(p, first);
            exportGaps.capacity(exportIndex.size());
            counters.exportPoints = exportIndex.size();
        } else if (first < exportIndex.firstSlot(e)) {
            exportIndex.firstSlot(e, first);
        }
        boolean ok = true;
        Gap g = exportGaps.of(e);
        if (g != null && b >= g.first - 1) {
            if (!g.add(b, reg)) {
                ok = false;
            } else {
                exportGaps.readingAdded(g);
            }
        }
        Boundary boundary = exportWindow.resolve(b);
        if (boundary != null && !boundary.set(e, (int) reg, skewed) && g == null) {
            ok = false;
        }
        return ok;
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
    private static boolean isOtherMetersBoundary(MasterData master, int p, long meter, long b) {
        Exchange x = master.exchange(p);
        return x != null && (meter == x.oldMeter() ? b >= x.slot() : b < x.slot());
    }
}
