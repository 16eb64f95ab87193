package jp.ami.bench.e2e;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import jp.ami.model.CommPath;
import jp.ami.model.SimulatedClock;
import jp.ami.protocol.batch.AckFrame;
import jp.ami.protocol.batch.AckStatus;
import jp.ami.sim.BatchTransport;
import org.HdrHistogram.Recorder;

/**
 * Replays a {@link FrameStore} into the head-end as the concentrators, relays and border routers would: each
 * batch over its path's transport (Wi-SUN over CoAP, PLC and 1:N relays over TCP), in due order, resent until
 * the head-end acknowledges it as journaled.
 *
 * <p><b>Connections.</b> A utility has tens of thousands of concentrators; the generator multiplexes their
 * batches over a pool of connections ({@code source mod pool}) with a bounded number of unacknowledged batches
 * per connection (TCP) and one block-wise transfer per CoAP endpoint (Californium keys a Block1 transfer by
 * peer and URI). A full pool blocks the sender: that is the head-end's back-pressure.
 *
 * <p><b>Time.</b> The simulated clock is paused and moved forward to each batch's due time as it is sent, so the
 * head-end and MDMS see the readings arrive in their realistic order within the collection window however fast
 * or slow the run is.
 *
 * <p><b>Latency, corrected for coordinated omission.</b> With a target rate ({@code readingsPerSecond > 0}) each
 * batch has an intended send instant on a fixed schedule (cumulative readings / rate); its latency is
 * acknowledgement − intended instant, so a stalled head-end shows as latency for every batch the schedule
 * wanted to send during the stall rather than silently slowing the generator. With rate 0 (closed loop) the
 * generator sends as fast as acknowledgements allow and records service time (send → ack) only.
 */
final class LoadGenerator implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 50;

    private final BatchTransport tcp;
    private final BatchTransport coap;
    private final Semaphore[] tcpSlots;
    private final Semaphore[] coapSlots;
    private final SimulatedClock clock;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "e2e-retry");
        t.setDaemon(true);
        return t;
    });

    LoadGenerator(BatchTransport tcp, int tcpConnections, int tcpWindow, BatchTransport coap, int coapEndpoints,
                  int coapWindow, SimulatedClock clock) {
        this.tcp = tcp;
        this.coap = coap;
        this.clock = clock;
        this.tcpSlots = new Semaphore[tcpConnections];
        for (int i = 0; i < tcpConnections; i++) {
            tcpSlots[i] = new Semaphore(tcpWindow);
        }
        this.coapSlots = new Semaphore[coapEndpoints];
        for (int i = 0; i < coapEndpoints; i++) {
            coapSlots[i] = new Semaphore(coapWindow);
        }
    }

    /** What one replay did. */
    record Result(long batches, long readings, long nanos, long resends, long firstSendNanos, long lastAckNanos) {
        double readingsPerSecond() {
            return readings / (nanos / 1e9);
        }
    }

    /**
     * Sends every batch of {@code store} and returns when all are journaled. {@code latencyMicros} receives one
     * value per batch (see the class comment); {@code readingsPerSecond} 0 = closed loop.
     */
    Result replay(FrameStore store, long readingsPerSecond, Recorder latencyMicros) throws Exception {
        AtomicLong resends = new AtomicLong();
        AtomicLong lastAck = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int n = store.batches();
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        long start = System.nanoTime();
        long sentReadings = 0;
        for (int k = 0; k < n; k++) {
            if (failure.get() != null) {
                break;
            }
            long intended = readingsPerSecond > 0 ? start + (long) (sentReadings * 1e9 / readingsPerSecond) : 0;
            if (intended > 0) {
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            CommPath path = store.path(k);
            boolean wisun = path == CommPath.WISUN;
            int slot = Math.floorMod(store.source(k) * 4 + path.code(), wisun ? coapSlots.length : tcpSlots.length);
            Semaphore window = wisun ? coapSlots[slot] : tcpSlots[slot];
            window.acquire();
            long sendAt = System.nanoTime();
            clock.advanceTo(Instant.ofEpochSecond(store.due(k)));
            byte[] frame = store.frame(k);
            long seq = java.nio.ByteBuffer.wrap(frame).getLong(jp.ami.protocol.batch.BatchFrame.OFFSET_BATCH_SEQ);
            CompletableFuture<Void> done = new CompletableFuture<>();
            long from = intended > 0 ? intended : sendAt;
            done.whenComplete((v, e) -> {
                long now = System.nanoTime();
                window.release();
                lastAck.accumulateAndGet(now, Math::max);
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    latencyMicros.recordValue(Math.max(0, (now - from) / 1000));
                }
            });
            attempt(wisun ? coap : tcp, path, slot + 1, seq, frame, 1, done, resends);
            all[k] = done;
            sentReadings += store.readingsIn(k);
        }
        for (CompletableFuture<?> f : all) {
            if (f != null) {
                try {
                    f.get(10, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a batch was not journaled: " + failure.get(), failure.get());
        }
        long end = Math.max(lastAck.get(), start);
        return new Result(n, store.readings(), end - start, resends.get(), start, end);
    }

    private void attempt(BatchTransport transport, CommPath path, int connection, long seq, byte[] frame, int attempt,
                         CompletableFuture<Void> done, AtomicLong resends) {
        transport.send(path, connection, seq, frame).whenComplete((AckFrame ack, Throwable e) -> {
            if (e == null && ack.status() == AckStatus.JOURNALED) {
                done.complete(null);
            } else if (attempt < MAX_ATTEMPTS) {
                resends.incrementAndGet();
                retries.schedule(() -> attempt(transport, path, connection, seq, frame, attempt + 1, done, resends),
                        Math.min(200, attempt * 5L), TimeUnit.MILLISECONDS);
            } else {
                done.completeExceptionally(new IllegalStateException("batch " + seq + " of " + path.key()
                        + " not journaled after " + attempt + " attempts: " + (e != null ? e : ack.status())));
            }
        });
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
