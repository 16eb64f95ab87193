package jp.ami.model;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that starts at a chosen instant and runs {@code speed} times faster than real time. Everything
 * that waits (cut-off, re-collection, the matching batch) reads a {@link Clock}; the demo hands them this one
 * so a day of slots fits in minutes. Speed 1 is real time.
 *
 * <p>A benchmark can also drive it by hand: {@link #pause()} freezes it, {@link #advanceTo} moves a paused clock
 * forward (never back), and {@link #runFrom} lets it run again from a given instant at a new speed. Clocks made
 * by {@link #withZone} share this state.
 */
public final class SimulatedClock extends Clock {
    /** Where the clock stood at {@code originNanos} (real), and how it moves from there. */
    private record State(Instant origin, long originNanos, long speed, boolean running) {
        Instant at(long nanos) {
            return running ? origin.plusNanos((nanos - originNanos) * speed) : origin;
        }
    }

    private final AtomicReference<State> state;
    private final AtomicReference<Instant> stopAt;
    private final ZoneId zone;

    /** A clock that starts running now. */
    public SimulatedClock(Instant origin, long speed) {
        this(new AtomicReference<>(new State(origin, System.nanoTime(), checkSpeed(speed), true)),
                new AtomicReference<>(Instant.MAX), Slots.JST);
    }

    /**
     * A running clock on which separate processes agree: it reads {@code simulatedAtAnchor} at the real instant
     * {@code wallAnchor} (read from {@code wall}, the system clock in production) and runs {@code speed} times real
     * time from there. Every process given the same anchor reads the same simulated time whenever it was started,
     * so a service restarted after a crash rejoins the others instead of starting late by its own launch time.
     */
    public static SimulatedClock anchored(Instant simulatedAtAnchor, Instant wallAnchor, long speed, Clock wall) {
        checkSpeed(speed);
        long nanos = System.nanoTime();
        java.time.Duration sinceAnchor = java.time.Duration.between(wallAnchor, wall.instant());
        Instant origin = simulatedAtAnchor.plus(sinceAnchor.multipliedBy(speed));
        return new SimulatedClock(new AtomicReference<>(new State(origin, nanos, speed, true)),
                new AtomicReference<>(Instant.MAX), Slots.JST);
    }

    /**
     * A clock that reads {@code origin} until {@link #start()} is called: services can be started on it (which
     * takes seconds of real time, minutes of simulated time) before simulated time begins to pass.
     */
    public static SimulatedClock paused(Instant origin, long speed) {
        return new SimulatedClock(new AtomicReference<>(new State(origin, System.nanoTime(), checkSpeed(speed), false)),
                new AtomicReference<>(Instant.MAX), Slots.JST);
    }

    private SimulatedClock(AtomicReference<State> state, AtomicReference<Instant> stopAt, ZoneId zone) {
        this.state = state;
        this.stopAt = stopAt;
        this.zone = zone;
    }

    private static long checkSpeed(long speed) {
        if (speed < 1) {
            throw new InvalidValueException("speed", speed, "must be at least 1");
        }
        return speed;
    }

    /** Starts a {@link #paused} clock from where it stands; no effect on a running one. */
    public void start() {
        state.updateAndGet(s -> s.running ? s : new State(s.origin, System.nanoTime(), s.speed, true));
    }

    /** Freezes the clock where it reads now (the stop instant included); no effect on a paused one. */
    public void pause() {
        state.updateAndGet(s -> s.running ? new State(clamp(s.at(System.nanoTime())), 0, s.speed, false) : s);
    }

    /**
     * Moves a paused clock forward to {@code when}; a {@code when} at or before where it stands changes nothing
     * (simulated time never runs backwards).
     */
    public void advanceTo(Instant when) {
        state.updateAndGet(s -> {
            if (s.running) {
                throw new IllegalStateException("advanceTo needs a paused clock");
            }
            return when.isAfter(s.origin) ? new State(when, 0, s.speed, false) : s;
        });
    }

    /**
     * Runs the clock from {@code from} (not before where it stands) at {@code speed} from now on, and lifts a
     * {@link #stopAt} that lies before {@code from}.
     */
    public void runFrom(Instant from, long speed) {
        checkSpeed(speed);
        stopAt.updateAndGet(stop -> stop.isBefore(from) ? Instant.MAX : stop);
        state.updateAndGet(s -> {
            Instant here = clamp(s.at(System.nanoTime()));
            return new State(from.isAfter(here) ? from : here, System.nanoTime(), speed, true);
        });
    }

    public long speed() {
        return state.get().speed;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulatedClock(state, stopAt, zone);
    }

    @Override
    public Instant instant() {
        return clamp(state.get().at(System.nanoTime()));
    }

    private Instant clamp(Instant now) {
        Instant stop = stopAt.get();
        return now.isAfter(stop) ? stop : now;
    }

    /**
     * From {@code when} on the clock stands still: a bounded simulation (the demo's S slots) ends there, and
     * nothing that waits on this clock (the next slot's cut-off, say) happens after it.
     */
    public void stopAt(Instant when) {
        this.stopAt.set(when);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /** Real nanoseconds from now until the simulated clock reads {@code when} (0 if already past or paused before it). */
    public long realNanosUntil(Instant when) {
        long simNanos = java.time.Duration.between(instant(), when).toNanos();
        return simNanos <= 0 ? 0 : simNanos / state.get().speed;
    }

    public boolean isRunning() {
        return state.get().running;
    }
}
