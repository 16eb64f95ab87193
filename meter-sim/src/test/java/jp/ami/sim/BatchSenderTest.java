package jp.ami.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.service.testing.RecordingScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resend policy, on a scheduler that records each wait instead of waiting. */
class BatchSenderTest {
    final RecordingScheduler noWaiting = new RecordingScheduler(TimeUnit.MILLISECONDS);
    final List<Long> waitsMillis = noWaiting.waits();
    final SimStats stats = new SimStats();
    final byte[] frame = FrameBatcher.empty(CommPath.PLC, 3, () -> 42);

    @AfterEach
    void stop() {
        noWaiting.close();
    }

    BatchSender sender(BatchTransport tcp) {
        return new BatchSender(tcp, null, SimulatedClock.paused(Instant.EPOCH, 1), stats, noWaiting.executor(), noWaiting);
    }

    /** A TCP transport answering attempt n (from 1) with {@code answer.apply(n)}. */
    static BatchTransport transport(java.util.function.IntFunction<CompletableFuture<AckFrame>> answer) {
        AtomicInteger attempts = new AtomicInteger();
        return new BatchTransport() {
            @Override
            public CompletableFuture<AckFrame> send(CommPath path, int sourceId, long batchSeq, byte[] frame) {
                assertThat(path).isEqualTo(CommPath.PLC);
                assertThat(batchSeq).isEqualTo(42);
                return answer.apply(attempts.incrementAndGet());
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void a_batch_is_resent_until_journaled_50_ms_times_the_attempts_so_far_apart() throws Exception {
        sender(transport(n -> n == 1 ? CompletableFuture.completedFuture(AckFrame.overloaded(42))
                : n == 2 ? CompletableFuture.failedFuture(new IllegalStateException("no ack"))
                : CompletableFuture.completedFuture(AckFrame.journaled(42, 7, 1, 0))))
                .send(CommPath.PLC, 3, frame).get(10, TimeUnit.SECONDS);
        assertThat(waitsMillis).containsExactly(0L, 50L, 100L);
        assertThat(stats.snapshot().get("plc")).containsEntry("batches", 3L).containsEntry("resends", 2L)
                .containsEntry("accepted", 7L).containsEntry("duplicates", 1L);
    }

    @Test
    void a_batch_never_journaled_fails_after_64_attempts_the_waits_capped_at_a_second() {
        CompletableFuture<Void> done = sender(transport(n -> n % 2 == 0 ? CompletableFuture.completedFuture(AckFrame.malformed(42))
                : CompletableFuture.failedFuture(new IllegalStateException("timed out"))))
                .send(CommPath.PLC, 3, frame);
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("batch 42 of plc source 3 not acknowledged after 64 attempts");
        assertThat(waitsMillis).hasSize(64).startsWith(0L, 50L, 100L, 150L, 200L, 250L, 300L, 350L);
        assertThat(waitsMillis.subList(20, 64)).containsOnly(1_000L);
        // a head-end down for most of a minute still gets the batch
        assertThat(waitsMillis.stream().mapToLong(Long::longValue).sum()).isBetween(50_000L, 60_000L);
        assertThat(stats.resends(CommPath.PLC)).isEqualTo(63);
        assertThat(stats.accepted(CommPath.PLC)).isZero();
    }
}
