package jp.ami.mdms;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import jp.ami.mdms.correction.Correction;
import jp.ami.mdms.correction.CorrectionApi;
import jp.ami.mdms.correction.CorrectionRequest;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.slots.SlotEngine;

/**
 * The work other threads hand to the engine thread: tasks, announced slot ranges and operator corrections. Any
 * thread may add; {@link EngineLoop} takes them between journal documents (live only), in that order.
 */
final class EngineInbox {
    private final MasterData master;
    private final Queue<Consumer<SlotEngine>> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<long[]> expects = new ConcurrentLinkedQueue<>();
    private final Queue<PendingCorrection> corrections = new ConcurrentLinkedQueue<>();

    EngineInbox(MasterData master) {
        this.master = master;
    }

    /** Runs {@code task} on the engine thread. */
    void onEngine(Consumer<SlotEngine> task) {
        tasks.add(task);
    }

    /** Slots {@code from … to} to be finalised even without readings (logged, then applied on the engine thread). */
    void expectSlots(long fromSlotIndex, long toSlotIndex) {
        expects.add(new long[]{fromSlotIndex, toSlotIndex});
    }

    /** Queues a correction of a known supply point; an unknown one is answered {@link CorrectionApi.UnknownSupplyPoint} at once. */
    CompletableFuture<Correction> correct(CorrectionRequest.Valid request) {
        var answer = new CompletableFuture<Correction>();
        if (master.registry().indexOf(request.supplyPoint()) < 0) {
            answer.completeExceptionally(new CorrectionApi.UnknownSupplyPoint(request.supplyPoint().value()));
            return answer;
        }
        corrections.add(new PendingCorrection(request, answer));
        return answer;
    }

    /** The next task, or null. */
    Consumer<SlotEngine> pollTask() {
        return tasks.poll();
    }

    /** The next announced range {from, to}, or null. */
    long[] pollExpect() {
        return expects.poll();
    }

    /** The next correction waiting, or null. */
    PendingCorrection pollCorrection() {
        return corrections.poll();
    }
}
