package jp.ami.hes;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one ingest thread ("hes-ingest", a daemon) and the bounded queue in front of it: batches and re-collection
 * scans run on it one at a time, in the order queued, so whatever they share (the journal appender, the per-meter
 * state) needs no lock. A task offered to a full queue is refused at once, never waited for. Thread-safe.
 */
final class IngestQueue {
    private final ThreadPoolExecutor executor;

    IngestQueue(int capacity) {
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "hes-ingest");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Free places in the queue; 0 means the next task is refused. */
    int remaining() {
        return executor.getQueue().remainingCapacity();
    }

    /** Queues {@code task} for the ingest thread; false when the queue is full or closed. */
    boolean offer(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    /**
     * Runs the queued tasks, then {@code last} (skipped when the queue is full; an exception from it is dropped), and
     * stops the thread, waiting up to 10 s for it. Does nothing when already closed.
     *
     * @return false when the thread did not finish within 10 s (true when interrupted while waiting: the interrupt
     *         flag is set again)
     */
    boolean close(Runnable last) {
        if (executor.isShutdown()) {
            return true;
        }
        try {
            executor.submit(last);
        } catch (RejectedExecutionException ignored) {
            // queue full: what last would release is released by its owner
        }
        executor.shutdown();
        try {
            return executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
