package jp.ami.service.testing;

import dev.failsafe.spi.Scheduler;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Failsafe {@link Scheduler} for tests of retry policies: it records each wait it is asked for and runs the task
 * at once on its own single-thread {@link #executor()}, so a test sees the policy's delays without waiting them.
 * {@link #close()} shuts the executor down.
 */
public final class RecordingScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final TimeUnit recordedIn;
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    /** Records the waits in {@code recordedIn} (truncated). */
    public RecordingScheduler(TimeUnit recordedIn) {
        this.recordedIn = recordedIn;
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> task, long delay, TimeUnit unit) {
        waits.add(recordedIn.convert(delay, unit));
        return executor.schedule(task, 0, unit);
    }

    /** The waits asked for so far, in order, in the unit given at construction. */
    public List<Long> waits() {
        return waits;
    }

    /** The executor the tasks run on (for code that also schedules work of its own). */
    public ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
