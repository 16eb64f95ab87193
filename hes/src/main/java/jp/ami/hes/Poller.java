package jp.ami.hes;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that runs a task every {@code interval} of real time (at least 1 ms, first after one interval)
 * until closed: how the head-end's clock watchers ({@link Recollector}, {@link BulkPuller}) look at the clock.
 * The task catches its own exceptions (one that escapes ends the polling, as with any scheduled executor).
 */
final class Poller implements AutoCloseable {
    private final ScheduledExecutorService executor;

    Poller(String threadName, Duration interval, Runnable task) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(task, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops the thread, waiting up to 5 s for a running task (interrupted). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
