package jp.ami.model;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A clock that starts at a chosen instant and runs {@code speed} times faster than real time. Everything
 * that waits (cut-off, re-collection, the matching batch) reads a {@link Clock}; the demo hands them this one
 * so a day of slots fits in minutes. Speed 1 is real time.
 */
public final class SimulatedClock extends Clock {
    private final Instant origin;
    private volatile long originNanos;
    private volatile boolean running;
    private final long speed;
    private final ZoneId zone;
    private volatile Instant stopAt = Instant.MAX;

    /** A clock that starts running now. */
    public SimulatedClock(Instant origin, long speed) {
        this(origin, System.nanoTime(), speed, Slots.JST, true);
    }

    /**
     * A clock that reads {@code origin} until {@link #start()} is called: services can be started on it (which
     * takes seconds of real time, minutes of simulated time) before simulated time begins to pass.
     */
    public static SimulatedClock paused(Instant origin, long speed) {
        return new SimulatedClock(origin, System.nanoTime(), speed, Slots.JST, false);
    }

    private SimulatedClock(Instant origin, long originNanos, long speed, ZoneId zone, boolean running) {
        if (speed < 1) {
            throw new InvalidValueException("speed", speed, "must be at least 1");
        }
        this.origin = origin;
        this.originNanos = originNanos;
        this.speed = speed;
        this.zone = zone;
        this.running = running;
    }

    /** Starts a {@link #paused} clock from its origin; no effect on a running one. */
    public synchronized void start() {
        if (!running) {
            originNanos = System.nanoTime();
            running = true;
        }
    }

    public long speed() {
        return speed;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        SimulatedClock c = new SimulatedClock(origin, originNanos, speed, zone, running);
        c.stopAt = stopAt;
        return c;
    }

    @Override
    public Instant instant() {
        if (!running) {
            return origin;
        }
        Instant now = origin.plusNanos((System.nanoTime() - originNanos) * speed);
        Instant stop = stopAt;
        return now.isAfter(stop) ? stop : now;
    }

    /**
     * From {@code when} on the clock stands still: a bounded simulation (the demo's S slots) ends there, and
     * nothing that waits on this clock (the next slot's cut-off, say) happens after it.
     */
    public void stopAt(Instant when) {
        this.stopAt = when;
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /** Real nanoseconds from now until the simulated clock reads {@code when} (0 if already past). */
    public long realNanosUntil(Instant when) {
        long simNanos = java.time.Duration.between(instant(), when).toNanos();
        return simNanos <= 0 ? 0 : simNanos / speed;
    }

    public boolean isRunning() {
        return running;
    }
}
