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
    private final long originNanos;
    private final long speed;
    private final ZoneId zone;

    public SimulatedClock(Instant origin, long speed) {
        this(origin, System.nanoTime(), speed, Slots.JST);
    }

    private SimulatedClock(Instant origin, long originNanos, long speed, ZoneId zone) {
        if (speed < 1) {
            throw new InvalidValueException("speed", speed, "must be at least 1");
        }
        this.origin = origin;
        this.originNanos = originNanos;
        this.speed = speed;
        this.zone = zone;
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
        return new SimulatedClock(origin, originNanos, speed, zone);
    }

    @Override
    public Instant instant() {
        return origin.plusNanos((System.nanoTime() - originNanos) * speed);
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
}
