package jp.ami.sim;

import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.model.Slots;
import jp.ami.protocol.echonet.Direction;
import jp.ami.protocol.echonet.EchonetLite;
import jp.ami.protocol.envelope.EnvelopeSealer;
import jp.ami.protocol.recollect.RecollectRequest;

/**
 * Answers the head-end's re-collection requests: for each item asking one of the addressed source's own meters, a
 * Get_Res (0x72) with the register at the requested boundary (recomputed from the load profile, so no history is
 * stored per meter), or a Get_SNA (0x52) when the meter is "unreachable" (fault), was not installed at that boundary
 * (meter exchange), or the boundary is no boundary or outside the simulated history. Items for other sources' meters
 * are skipped, and so are items for a boundary the source had an outage at: the source stays down through both
 * re-collection rounds and the cut-off, so its meters' readings of that boundary come only with the next day's bulk
 * history pull ({@link HistoryAnswerer}) — which is what makes the MDMS estimate them at the cut-off and revise them. The answers go into batch frames of the same source and path. Not thread-safe: the simulator calls it
 * under its lock.
 */
final class RecollectionAnswerer {
    private final Simulation sim;
    private final MeterPopulation meters;
    private final FaultDraws faults;
    private final EnvelopeSealer sealer;
    private final ReadingSealer readings;

    RecollectionAnswerer(Simulation sim, FaultDraws faults, EnvelopeSealer sealer) {
        this.sim = sim;
        this.meters = sim.meters();
        this.faults = faults;
        this.sealer = sealer;
        this.readings = new ReadingSealer(meters);
    }

    /** The batch frames answering {@code request}, in item order (none when no item is the source's). */
    List<byte[]> answer(RecollectRequest request) {
        CommPath path = request.path();
        int sourceId = (int) request.sourceId();
        return SourceAnswers.of(request, sim, (i, meterId, boundary) ->
                Slots.isBoundary(boundary) && faults.outage(path, sourceId, Slots.closedBy(boundary))
                        ? null // the source is still down for that boundary: nobody answers
                        : answer(i, meterId, boundary));
    }

    /** The envelope meter {@code meterId} (of point i) answers for {@code boundary}. */
    private byte[] answer(int i, long meterId, long boundary) {
        long closed = Slots.closedBy(boundary);
        MeterExchanges ex = meters.exchanges();
        int x = ex.indexOfPoint(i);
        boolean newMeter = x >= 0 && meterId == ex.newMeterId(x);
        long counter = sim.counters().forAnswer(i, x, newMeter);
        if (faults.unreachable(i, closed) || !sim.installed(x, newMeter, closed) || !Slots.isBoundary(boundary)
                || !sim.history().covers(closed)) {
            sim.stats().recollectAnswered(false);
            return readings.sealGetSna(sealer, meterId, counter);
        }
        readings.set(i, counter, Direction.NORMAL, boundary, meters.registerAt(i, closed, sim.energyThrough(i, closed)))
                .esv(EchonetLite.ESV_GET_RES);
        sim.stats().recollectAnswered(true);
        return readings.seal(sealer, meterId, counter);
    }
}
