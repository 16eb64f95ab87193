package jp.ami.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until it is moved by hand ({@link #set}, {@link #advance}). Tests and benchmarks give it
 * to code that compares data with "now", starting it at the instant their data is stamped with, so their outcome
 * never depends on the day they run. Thread-safe; millisecond resolution; clocks made by {@link #withZone} share the
 * same time.
 */
public final class ManualClock extends Clock {
    private final AtomicLong millis;
    private final ZoneId zone;

    /** A clock that reads {@code start} until moved, in JST. */
    public ManualClock(Instant start) {
        this(new AtomicLong(start.toEpochMilli()), Slots.JST);
    }

    /** A clock that reads the given epoch second until moved. */
    public static ManualClock atEpochSecond(long epochSecond) {
        return new ManualClock(Instant.ofEpochSecond(epochSecond));
    }

    private ManualClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    /** Moves the clock to {@code t} (backwards too: a test can make the clock jump). */
    public void set(Instant t) {
        millis.set(t.toEpochMilli());
    }

    /** Moves the clock to the given epoch second. */
    public void setEpochSecond(long epochSecond) {
        millis.set(epochSecond * 1000);
    }

    /** Moves the clock forward (or back, for a negative duration) by {@code d}. */
    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(millis, Objects.requireNonNull(zone, "zone"));
    }
}
