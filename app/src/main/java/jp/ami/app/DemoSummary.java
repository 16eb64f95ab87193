package jp.ami.app;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What a demo run produced, in the JSON shape {@code ./ami demo --summary FILE} writes. The key names are a
 * contract (scripts and CI read them); more keys may be added, none renamed.
 */
@JsonPropertyOrder({"meters", "slots", "readings", "collectionRate", "collection", "values", "files", "pull", "switching", "delivery",
        "confirmedUsage", "revisions", "run", "operator"})
public record DemoSummary(int meters, int slots, Readings readings, Map<String, Double> collectionRate, Collection collection, Values values,
                          Files files, Pull pull, Switching switching, Delivery delivery, ConfirmedUsage confirmedUsage,
                          Revisions revisions, Run run, Operator operator) {

    /**
     * expected = (meters + PV meters) × (slots + 1) boundary readings (the opening reading of the first slot included; a PV
     * meter also sends its export reading).
     */
    public record Readings(long expected, long journaled, long duplicatesDropped, Map<String, Long> rejected) {
    }

    /**
     * The head-end's collection statistics summed over the run's boundaries: readings received at the first try,
     * recovered by re-collection before the cut-off, and still missing — in total and per path.
     */
    public record Collection(long expected, long firstTry, long recovered, long missing, Map<String, Map<String, Long>> byPath) {
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
                       boolean noCertDenied, long valuesChecked, int dayFiles) {
    }

    /**
     * The supplier switch the demo runs through the front: applications filed, switching starts matched, and
     * {@code routedCorrectly} — read from both retailers' pulled files, the switched point's values went to the
     * current retailer only before the switch date and to the new one only from it. {@code wrongOperatorDenied}:
     * the current retailer reading the new one's application through the front got 403;
     * {@code malformedJsonField}: the field a malformed create was rejected (400) for; {@code usageVerified}: the
     * IF_10310 usage values a third retailer read through the front (with the customer's consent) equal QuestDB's.
     */
    public record Switching(long applications, long matched, boolean routedCorrectly, String point, String switchDate,
                            int slotsBefore, int slotsAfter, boolean wrongOperatorDenied, String malformedJsonField,
                            boolean usageVerified) {
    }

    /** Simulated minutes from a slot's end until its file could be downloaded. */
    public record Delivery(double p50Minutes, double p99Minutes, double maxMinutes, double withinBudget, long samples) {
    }

    /**
     * The confirmed-usage notices (W5) of the run. {@code files}: notice files published (re-issues included);
     * {@code points}: monthly and special-reading records; {@code matchesRegisters}: every such record's total equals
     * its register difference (none mismatched, none unverifiable); {@code withinDeadline}: share of first issues
     * downloadable within 4 business days of their date (simulated clock); {@code groupsExpected / groupsDelivered}:
     * (retailer, reading group, reading day) inside the run, and those whose monthly notice the retailer got;
     * {@code pulled…}: one retailer's pull through the front, every usage equal to QuestDB's total for the period;
     * {@code lastCloseMillis}: how long the last day's close took.
     */
    @JsonPropertyOrder({"files", "points", "matchesRegisters", "withinDeadline", "exchanges", "specialReadings"})
    public record ConfirmedUsage(long files, long points, boolean matchesRegisters, double withinDeadline, long exchanges,
                                 long specialReadings, long mismatches, long unverifiable, long cannotProvide, long reissues,
                                 int groupsExpected, int groupsDelivered, int pulledFiles, long pulledRecords, boolean pulledVerified,
                                 double lastCloseMillis) {
    }

    /**
     * Where an operator looks while the services run (with {@code --keep-running}): {@code metrics}, the Prometheus
     * {@code /metrics} URLs of the head-end, the MDMS, the switching service and the front, in that order;
     * {@code dashboard}, the operator dashboard's URL, or null where there is none.
     */
    public record Operator(java.util.List<String> metrics, String dashboard) {
    }

    /**
     * How values changed after their first issue. {@code estimatedAtCutoff}: values first issued as cut-off estimates
     * (closing reading missing at the cut-off); {@code revisedLater}: those replaced by a later revision when real data
     * arrived; {@code corrections}: operator corrections applied (the demo makes one through the MDMS's internal API);
     * {@code revisionFiles}: revision files ({@code RR} ≥ 01) the retailer's client fetched through the front, and
     * {@code fetchedInOrder}: for every file it lists, it fetched revision 00 and every later revision listed, each one,
     * in increasing order (the numbers count per slot over all retailers, so a retailer may see 00, 02);
     * {@code reissueIdentical}: a re-issue of a stored day from QuestDB gave the delivered bytes (null: not run);
     * {@code historyRows}: rows of the value history ({@code lv_30min_history}; −1: none kept).
     */
    @JsonPropertyOrder({"estimatedAtCutoff", "revisedLater", "reissueIdentical", "historyRows", "corrections", "revisionFiles",
            "fetchedInOrder"})
    public record Revisions(long estimatedAtCutoff, long revisedLater, Boolean reissueIdentical, long historyRows, long corrections,
                            int revisionFiles, boolean fetchedInOrder) {
    }

    /** How the run was set up: wall time, clock speed, first slot. */
    public record Run(double wallSeconds, long clockSpeed, String firstSlot, String lastSlot) {
    }
}
