package jp.ami.service;

import java.util.concurrent.CountDownLatch;

/**
 * How a service command runs: after starting its server it blocks until the JVM is asked to stop (Ctrl-C,
 * SIGTERM), and the shutdown hook closes the server before the command returns.
 */
public final class UntilStopped {
    private UntilStopped() {
    }

    /**
     * Registers a shutdown hook (a thread named {@code threadName}) that runs {@code close}, then waits until it has.
     */
    public static void await(String threadName, Runnable close) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stopped.countDown();
        }, threadName));
        stopped.await();
    }
}
