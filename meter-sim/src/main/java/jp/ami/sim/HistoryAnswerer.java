package jp.ami.sim;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import jp.ami.model.Slots;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.echonet.HistoryDay;
import jp.ami.protocol.echonet.HistoryDayCodec;
import jp.ami.protocol.envelope.Envelope;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.recollect.RecollectRequest;

/**
 * Answers the head-end's bulk history pulls ({@link RecollectRequest#history()}): for each item asking one of the
 * addressed source's own meters, ONE sealed Get_Res (0x72) with the meter's 0xE2 day history
 * ({@link HistoryDayCodec}), its 48 registers recomputed from the deterministic load profile (no history is stored
 * per meter) — 0xFFFFFFFE for a boundary the meter was not installed at (meter exchange), that lies outside the
 * simulated history or in the future; a Get_SNA (0x52) when the meter is "unreachable" now (fault draw for the
 * current slot) or the day is over 99 days ago. Not thread-safe: the simulator calls it under its lock.
 */
final class HistoryAnswerer {
    private static final long DAY = RecollectRequest.SECONDS_PER_DAY;

    private final Simulation sim;
    private final MeterPopulation meters;
    private final FaultDraws faults;
    private final EnvelopeSealer sealer;
    private final Clock clock;
    private final ReadingSealer snas;
    private final HistoryDay day = new HistoryDay();
    private final ByteBuffer plain = ByteBuffer.allocate(HistoryDayCodec.FRAME_LENGTH);

    HistoryAnswerer(Simulation sim, FaultDraws faults, EnvelopeSealer sealer, Clock clock) {
        this.sim = sim;
        this.meters = sim.meters();
        this.faults = faults;
        this.sealer = sealer;
        this.clock = clock;
        this.snas = new ReadingSealer(meters);
    }

    /** The batch frames answering {@code request}, in item order (none when no item is the source's). */
    List<byte[]> answer(RecollectRequest request) {
        long now = clock.instant().getEpochSecond();
        long today = Math.floorDiv(now + Slots.JST.getTotalSeconds(), DAY) * DAY - Slots.JST.getTotalSeconds();
        return SourceAnswers.of(request, sim, (i, meterId, dayStart) -> answer(i, meterId, dayStart, today, now));
    }

    private byte[] answer(int i, long meterId, long dayStart, long today, long now) {
        MeterExchanges ex = meters.exchanges();
        int x = ex.indexOfPoint(i);
        boolean newMeter = x >= 0 && meterId == ex.newMeterId(x);
        long counter = sim.counters().forAnswer(i, x, newMeter);
        long daysAgo = (today - dayStart) / DAY;
        if (faults.unreachable(i, Slots.containing(now)) || daysAgo < 0 || daysAgo > EchonetLite.HISTORY_MAX_DAY) {
            sim.stats().recollectAnswered(false);
            return snas.sealGetSna(sealer, meterId, counter);
        }
        day.set((int) (counter & 0xFFFF), today, (int) daysAgo, meters.coefficient(i), meters.digits(i), meters.unitCode(i));
        long first = Slots.closedBy(dayStart);
        long energy = sim.energyThrough(i, first);
        for (int k = 0; k < HistoryDay.VALUES; k++) {
            long closed = first + k;
            if (k > 0) {
                energy += closed > sim.history().startSlot() ? sim.profile().importUnits(i, closed) : 0;
            }
            long boundary = dayStart + k * (long) Slots.SECONDS_PER_SLOT;
            if (boundary <= now && sim.installed(x, newMeter, closed) && sim.history().covers(closed)) {
                day.value(k, meters.registerAt(i, closed, energy));
            }
        }
        plain.clear();
        HistoryDayCodec.encode(day, plain);
        plain.flip();
        sim.stats().recollectAnswered(true);
        byte[] env = new byte[Envelope.sealedLength(plain.remaining())];
        sealer.seal(meterId, counter, plain, ByteBuffer.wrap(env));
        return env;
    }
}
