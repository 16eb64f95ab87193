package jp.ami.mdms;

import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import jp.ami.mdms.correction.Correction;
import jp.ami.mdms.correction.CorrectionLog;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.slots.CorrectionRefused;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Kwh;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operator corrections on the engine thread and replays them: each is written to {@code corrections.log}
 * (forced to disk, the audit trail), logged as event C in the {@link EngineLog} at the current journal position,
 * applied ({@link SlotEngine#correct}) and marked done; a replay re-applies it at the same position, with side effects
 * only when it was not done, so a crash after the log line gives the same bytes.
 */
final class CorrectionDesk implements AutoCloseable {
    /** Logs under the server's name, as before it was split, so the MDMS log reads the same. */
    private static final Logger LOG = LoggerFactory.getLogger(MdmsServer.class);

    private final MasterData master;
    private final Clock clock;
    private final EngineLog log;
    private final EngineSnapshots snapshots;
    private final CorrectionLog corrections;

    /** Opens (or creates) the corrections log {@code file}. */
    CorrectionDesk(Path file, MasterData master, Clock clock, EngineLog log, EngineSnapshots snapshots) {
        this.master = master;
        this.clock = clock;
        this.log = log;
        this.snapshots = snapshots;
        this.corrections = CorrectionLog.open(file);
    }

    /** The corrections applied so far, in order. */
    List<Correction> all() {
        return corrections.all();
    }

    /**
     * Applies {@code pending} after {@code consumed} journal documents and answers it: refused with the engine's reason
     * ({@link CorrectionRefused}), or logged, applied, snapshotted and answered with the logged {@link Correction}.
     * An engine failure fails the answer and propagates: the engine is rebuilt by replay, which redoes the correction.
     */
    void apply(SlotEngine e, PendingCorrection pending, long consumed) {
        var r = pending.request();
        int point = master.registry().indexOf(r.supplyPoint());
        String refusal = e.correctionRefusal(point, r.slotIndex(), r.units());
        if (refusal != null) {
            pending.answer().completeExceptionally(new CorrectionRefused(refusal));
            return;
        }
        long before = e.days().get(r.slotIndex(), point);
        boolean had = Vee.isSet(before) && Vee.status(before) != ValueStatus.MISSING;
        var c = new Correction(corrections.nextId(), r.supplyPoint().value(), r.slotIndex(), r.units(),
                r.status(), r.operator(), r.reason(), clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                had ? Vee.units(before) : null, e.revision(r.slotIndex()) + 1);
        corrections.append(c);
        log.correction(c.id(), consumed);
        try {
            e.correct(point, c.slotIndex(), c.units(), c.status(), c.instant(), c.id(), c.operator(), c.reason());
        } catch (RuntimeException ex) {
            pending.answer().completeExceptionally(ex);
            throw ex; // the engine is rebuilt by replay, which redoes the logged correction
        }
        log.correctionDone(c.id());
        snapshots.write(e, consumed);
        LOG.info("correction {} by {}: {} {} slot {} → {} kWh ({}), revision {}: {}", c.id(), c.operator(), c.supplyPoint(),
                Slots.jstDate(c.slotIndex()), Slots.number(c.slotIndex()), Kwh.format(c.units()), c.status(),
                c.revision(), c.reason());
        pending.answer().complete(c);
    }

    /** Re-applies logged correction {@code id} (replay), with side effects only when it was not marked done. */
    void replay(SlotEngine e, long id) {
        var c = corrections.get(id);
        if (c == null) {
            throw new IllegalStateException("engine log names correction " + id + ", which corrections.log does not hold");
        }
        boolean done = log.isCorrectionDone(id);
        e.sideEffects(!done);
        e.correct(master.registry().indexOf(SupplyPointId.of(c.supplyPoint())), c.slotIndex(), c.units(),
                c.status(), c.instant(), c.id(), c.operator(), c.reason());
        e.sideEffects(true);
        if (!done) {
            log.correctionDone(id);
        }
    }

    @Override
    public void close() {
        corrections.close();
    }
}
