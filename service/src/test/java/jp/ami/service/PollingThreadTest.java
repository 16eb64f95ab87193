package jp.ami.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class PollingThreadTest {
    @Test
    void repeats_the_step_on_a_named_daemon_thread_until_closed_and_close_wakes_a_parked_step() {
        AtomicInteger steps = new AtomicInteger();
        AtomicReference<Thread> ran = new AtomicReference<>();
        PollingThread loop = new PollingThread("test-poller", () -> {
            ran.set(Thread.currentThread());
            if (steps.incrementAndGet() >= 3) {
                LockSupport.parkNanos(TimeUnit.MINUTES.toNanos(10)); // only close() wakes it in time
            }
        });
        assertThat(steps).hasValue(0); // not before start()
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> steps.get() >= 3);

        long t0 = System.nanoTime();
        loop.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(closeMillis).isLessThan(PollingThread.JOIN_MILLIS);
        assertThat(ran.get().isAlive()).isFalse();
        assertThat(ran.get().getName()).isEqualTo("test-poller");
        assertThat(ran.get().isDaemon()).isTrue();
        assertThat(steps).hasValue(3); // the woken step was the last
    }

    @Test
    void closing_keeps_an_interrupt_of_the_closing_thread() {
        PollingThread loop = new PollingThread("test-poller", () -> LockSupport.parkNanos(TimeUnit.MINUTES.toNanos(10)));
        loop.start();
        Thread.currentThread().interrupt();
        try {
            loop.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
