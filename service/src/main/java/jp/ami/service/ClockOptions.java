package jp.ami.service;

import java.time.Clock;
import java.time.Instant;
import jp.ami.model.SimulatedClock;
import picocli.CommandLine.Option;

/**
 * The clock options every service command shares ({@code @Mixin ClockOptions clock;}): the system clock, or a
 * simulated one that starts at {@code --clock-start} and runs {@code --clock-speed} times real time, so a head-end,
 * an MDMS and a switching service started as separate processes for a demo all read the same simulated time.
 * With {@code --clock-anchor} (the real instant at which the simulated clock read {@code --clock-start}) every
 * process computes the same simulated time whenever it starts, so a restarted service rejoins the others exactly
 * ({@code ./ami bench chaos} restarts killed services that way); without it the clock starts at its launch.
 */
public final class ClockOptions {
    @Option(names = "--clock-start", description = "Start a simulated clock at this instant (ISO-8601), else the system clock.")
    Instant clockStart;

    @Option(names = "--clock-speed", defaultValue = "1", description = "Simulated clock speed factor (default ${DEFAULT-VALUE}).")
    long clockSpeed;

    @Option(names = "--clock-anchor", description = "With --clock-start: the real instant (ISO-8601) at which the simulated clock read "
            + "--clock-start, so processes started at different times share one simulated time.")
    Instant clockAnchor;

    /** The clock the options ask for. */
    public Clock clock() {
        if (clockStart == null) {
            if (clockAnchor != null) {
                throw new jp.ami.model.InvalidValueException("--clock-anchor", clockAnchor, "needs --clock-start");
            }
            return Clock.systemUTC();
        }
        return clockAnchor == null ? new SimulatedClock(clockStart, clockSpeed)
                : SimulatedClock.anchored(clockStart, clockAnchor, clockSpeed, Clock.systemUTC());
    }
}
