package jp.ami.service;

import java.time.Clock;
import java.time.Instant;
import jp.ami.model.SimulatedClock;
import picocli.CommandLine.Option;

/**
 * The clock options every service command shares ({@code @Mixin ClockOptions clock;}): the system clock, or a
 * simulated one that starts at {@code --clock-start} and runs {@code --clock-speed} times real time, so a head-end,
 * an MDMS and a switching service started as separate processes for a demo all read the same simulated time.
 */
public final class ClockOptions {
    @Option(names = "--clock-start", description = "Start a simulated clock at this instant (ISO-8601), else the system clock.")
    Instant clockStart;

    @Option(names = "--clock-speed", defaultValue = "1", description = "Simulated clock speed factor (default ${DEFAULT-VALUE}).")
    long clockSpeed;

    /** The clock the options ask for. */
    public Clock clock() {
        return clockStart == null ? Clock.systemUTC() : new SimulatedClock(clockStart, clockSpeed);
    }
}
