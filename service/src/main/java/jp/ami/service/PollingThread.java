package jp.ami.service;

import java.util.concurrent.locks.LockSupport;

/**
 * A service's background loop on a daemon thread of its own: {@link #start()} runs {@code step} over and over until
 * {@link #close()}. A step that waits between polls parks ({@link LockSupport#parkNanos}); closing ends the loop,
 * wakes a parked step and waits up to {@value #JOIN_MILLIS} ms for the thread to end (an interrupt of the closing
 * thread is kept). What the switching service's matching batch and the MDMS's switch follower share.
 */
public final class PollingThread implements AutoCloseable {
    /** How long {@link #close()} waits for the running step to end. */
    public static final long JOIN_MILLIS = 5000;

    private final Thread thread;
    private volatile boolean running = true;

    /** A loop named {@code name} (the thread's name) that is not started yet. */
    public PollingThread(String name, Runnable step) {
        this.thread = new Thread(() -> {
            while (running) {
                step.run();
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts the loop. */
    public void start() {
        thread.start();
    }

    /** Ends the loop: no step starts after this; waits for the running one as described above. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
