package jp.ami.sim;

import picocli.CommandLine.Option;

/**
 * The fault flags of {@code ./ami sim} and {@code ./ami demo} ({@code @Mixin FaultOptions faults;}): each a rate 0–1
 * of the {@link FaultConfig} of the same name, 0 by default.
 */
public final class FaultOptions {
    @Option(names = "--loss", defaultValue = "0", description = "Rate 0–1: readings lost (arrive only if re-collected).")
    double loss;

    @Option(names = "--dup", defaultValue = "0", description = "Rate 0–1: readings sent twice.")
    double dup;

    @Option(names = "--reorder", defaultValue = "0", description = "Rate 0–1: readings held back into a straggler batch.")
    double reorder;

    @Option(names = "--late", defaultValue = "0", description = "Rate 0–1: readings arriving 16–19 min after the boundary.")
    double late;

    @Option(names = "--corrupt", defaultValue = "0", description = "Rate 0–1: envelopes with one byte flipped.")
    double corrupt;

    @Option(names = "--tamper", defaultValue = "0", description = "Rate 0–1: envelopes whose ciphertext was altered.")
    double tamper;

    @Option(names = "--replay", defaultValue = "0", description = "Rate 0–1: extra replays of day-old frames.")
    double replay;

    @Option(names = "--unknown-meter", defaultValue = "0", description = "Rate 0–1: extra frames from unknown meter IDs.")
    double unknownMeter;

    @Option(names = "--wrong-key", defaultValue = "0", description = "Rate 0–1: extra frames sealed with a wrong key.")
    double wrongKey;

    @Option(names = "--clock-skew", defaultValue = "0", description = "Rate 0–1: readings stamped 1–120 s off the boundary.")
    double clockSkew;

    @Option(names = "--outage", defaultValue = "0", description = "Rate 0–1 per source and slot: the source is down past the cut-off (its batch lost, re-collection unanswered).")
    double outage;

    @Option(names = "--unreachable", defaultValue = "0", description = "Rate 0–1: meters answering re-collection with Get_SNA.")
    double unreachable;

    @Option(names = "--exchange", defaultValue = "0",
            description = "Rate 0–1 per meter: exchanged (計器取替) inside one of the run's slots; new meter ID, key, counters and register.")
    double exchange;

    /** The flags as a {@link FaultConfig}; validates the rates. */
    public FaultConfig config() {
        return new FaultConfig(loss, dup, reorder, late, corrupt, tamper, replay, unknownMeter, wrongKey, clockSkew,
                outage, unreachable, exchange);
    }
}
