package jp.ami.sim;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.spi.Scheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.protocol.batch.BatchFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands batch frames to the head-end, each on its path's transport (Wi-SUN over CoAP, PLC and 1:N relays over TCP),
 * and resends a batch until the head-end acknowledges it as journaled ({@link #RETRY}: up to {@value #MAX_ATTEMPTS}
 * attempts, 50 ms × attempts so far apart but at most 1 s — about 54 s in all, so a head-end restarting after a crash
 * or a deploy gets the batch when it is back, as from a concentrator that keeps it; duplicates are the head-end's to
 * absorb). A batch can be held until its due
 * instant on the simulated clock ({@link #sendAt}). Attempts and acks are counted in {@link SimStats}. Thread-safe.
 */
final class BatchSender {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    static final int MAX_ATTEMPTS = 64;
    /** Longest wait between two attempts. */
    static final long MAX_DELAY_MILLIS = 1_000;

    /** Any failure or any ack but {@link AckStatus#JOURNALED} is tried again. */
    static final RetryPolicy<AckFrame> RETRY = RetryPolicy.<AckFrame>builder()
            .handleIf((ack, error) -> error != null || ack.status() != AckStatus.JOURNALED)
            .withMaxAttempts(MAX_ATTEMPTS)
            .withDelayFn(attempts -> Duration.ofMillis(Math.min(MAX_DELAY_MILLIS, 50L * attempts.getAttemptCount())))
            .build();

    private final BatchTransport tcp;
    private final BatchTransport coap;
    private final SimulatedClock clock;
    private final SimStats stats;
    private final ScheduledExecutorService executor;
    private final FailsafeExecutor<AckFrame> retry;

    /** Attempts and resends run on {@code executor}; due batches wait there too. */
    BatchSender(BatchTransport tcp, BatchTransport coap, SimulatedClock clock, SimStats stats,
                ScheduledExecutorService executor) {
        this(tcp, coap, clock, stats, executor, Scheduler.of(executor));
    }

    /** As above, with resends scheduled by {@code retryScheduler} (a test's, which need not wait). */
    BatchSender(BatchTransport tcp, BatchTransport coap, SimulatedClock clock, SimStats stats,
                ScheduledExecutorService executor, Scheduler retryScheduler) {
        this.tcp = tcp;
        this.coap = coap;
        this.clock = clock;
        this.stats = stats;
        this.executor = executor;
        this.retry = Failsafe.with(RETRY).with(retryScheduler);
    }

    /** Sends {@code frame} when the simulated clock reads {@code due}; completes when it is acknowledged. */
    CompletableFuture<Void> sendAt(Instant due, CommPath path, int sourceId, byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.schedule(() -> send(path, sourceId, frame, done), clock.realNanosUntil(due), TimeUnit.NANOSECONDS);
        return done;
    }

    /**
     * Sends {@code frame} now; completes when it is acknowledged as journaled, or fails after {@value #MAX_ATTEMPTS}
     * attempts.
     */
    CompletableFuture<Void> send(CommPath path, int sourceId, byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        send(path, sourceId, frame, done);
        return done;
    }

    private void send(CommPath path, int sourceId, byte[] frame, CompletableFuture<Void> done) {
        long seq = ByteBuffer.wrap(frame).getLong(BatchFrame.OFFSET_BATCH_SEQ);
        BatchTransport transport = path == CommPath.WISUN ? coap : tcp;
        AtomicInteger attempts = new AtomicInteger();
        retry.getStageAsync(attempt -> {
            if (attempt.isRetry()) {
                LOG.debug("batch {} of {} source {} not acknowledged ({}); resending", seq, path, sourceId,
                        attempt.getLastException() != null ? attempt.getLastException().toString()
                                : attempt.getLastResult().status());
            }
            attempts.incrementAndGet();
            stats.batchSent(path, attempt.isRetry());
            return transport.send(path, sourceId, seq, frame);
        }).whenComplete((ack, error) -> {
            if (error == null && ack.status() == AckStatus.JOURNALED) {
                stats.acked(path, ack);
                done.complete(null);
            } else {
                done.completeExceptionally(new IllegalStateException("batch " + seq + " of " + path.key() + " source "
                        + sourceId + " not acknowledged after " + attempts.get() + " attempts", error));
            }
        });
    }
}
