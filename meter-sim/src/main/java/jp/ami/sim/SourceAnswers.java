package jp.ami.sim;

import java.util.ArrayList;
import java.util.List;
import jp.ami.model.CommPath;
import jp.ami.protocol.recollect.RecollectRequest;

/**
 * How the addressed source answers a head-end request ({@link RecollectionAnswerer}, {@link HistoryAnswerer}): one
 * sealed envelope per item that asks one of the source's own meters, in item order, batched into batch frames of the
 * same source and path. Items for other sources' meters (a broadcast for an unrouted meter) are skipped, and so are
 * items nobody answers.
 */
final class SourceAnswers {
    /**
     * The envelope answering one item: point i, the meter ID asked for, the item's time (boundary or day start);
     * null when nobody answers it.
     */
    @FunctionalInterface
    interface Item {
        byte[] answer(int i, long meterId, long itemEpochSecond);
    }

    private SourceAnswers() {
    }

    /** The batch frames answering {@code request} (none when no item is the source's). */
    static List<byte[]> of(RecollectRequest request, Simulation sim, Item item) {
        CommPath path = request.path();
        int sourceId = (int) request.sourceId();
        MeterPopulation meters = sim.meters();
        List<byte[]> frames = new ArrayList<>();
        FrameBatcher out = new FrameBatcher(path, sourceId, sim.nextBatchSeq(), frames);
        for (int k = 0; k < request.count(); k++) {
            long meterId = request.meterIds()[k];
            int i = meters.indexOf(meterId);
            if (i < 0 || meters.pathCode(i) != path.code() || meters.source(i) != sourceId) {
                continue;
            }
            byte[] answer = item.answer(i, meterId, request.boundaryEpochSeconds()[k]);
            if (answer != null) {
                out.add(answer);
            }
        }
        out.flush();
        return frames;
    }
}
