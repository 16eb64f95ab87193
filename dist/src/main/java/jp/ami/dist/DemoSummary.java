package jp.ami.dist;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What a demo run produced, in the JSON shape {@code ./ami demo --summary FILE} writes. The key names are a
 * contract (scripts and CI read them); more keys may be added, none renamed.
 */
@JsonPropertyOrder({"meters", "slots", "readings", "collectionRate", "values", "files", "pull", "delivery", "run"})
public record DemoSummary(int meters, int slots, Readings readings, Map<String, Double> collectionRate, Values values,
                          Files files, Pull pull, Delivery delivery, Run run) {

    /** expected = meters × (slots + 1) boundary readings (the opening reading of the first slot included). */
    public record Readings(long expected, long journaled, long duplicatesDropped, Map<String, Long> rejected) {
    }

    public record Values(long stored, long estimated, long missing, long present) {
    }

    public record Files(long published, int retailers, Map<String, Long> perRetailer) {
    }

    /**
     * One retailer's pull over mutual TLS. {@code verified}: every value in the pulled XML equals the value
     * stored in QuestDB (read back over PG wire). {@code otherRetailerDenied}: attempts at another retailer's
     * files got no byte of them. {@code noCertDenied}: a client without a certificate was refused.
     */
    public record Pull(String retailer, int files, long bytes, boolean verified, boolean otherRetailerDenied,
                       boolean noCertDenied, long valuesChecked) {
    }

    /** Simulated minutes from a slot's end until its file could be downloaded. */
    public record Delivery(double p50Minutes, double p99Minutes, double maxMinutes, double withinBudget, long samples) {
    }

    /** How the run was set up: wall time, clock speed, first slot. */
    public record Run(double wallSeconds, long clockSpeed, String firstSlot, String lastSlot) {
    }
}
