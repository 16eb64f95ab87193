package jp.ami.app;

import java.util.List;
import java.util.Map;
import jp.ami.hes.CollectionStats;

/**
 * What the operator dashboard shows, as {@code GET /api/dashboard} serves it (JSON; the page polls it every second).
 * Key names are a contract of the page: more may be added, none renamed. Counts are since the services started.
 *
 * @param clock      the platform's clock now (ISO-8601; in the demo the simulated clock)
 * @param readings   readings the head-end journaled, duplicates it dropped, frames it rejected
 * @param collection per kept slot boundary, oldest first: the head-end's collection by path
 * @param collected  {@code collection} summed over its slots
 * @param values     the 30-minute values the MDMS issued, by current status
 * @param files      files the MDMS published
 * @param delivery   from a slot's end until its file could be downloaded, against the 60-minute budget
 * @param mdms       how far the MDMS is behind the head-end
 * @param front      connections and requests the DMZ front refused
 */
public record DashboardSnapshot(String clock, Readings readings, List<SlotCollection> collection, Counts collected, Values values,
                                Files files, Delivery delivery, Mdms mdms, Front front) {

    /** {@code rejected}: frames the head-end refused, all reasons. */
    public record Readings(long journaled, long duplicatesDropped, long rejected) {
    }

    /** One slot boundary's collection, in total and by path ({@code wisun}, {@code plc}, {@code relay}, {@code unknown}). */
    public record SlotCollection(long slotIndex, String slot, boolean complete, long expected, long firstTry, long recovered,
                                 long missing, Map<String, CollectionStats.Counts> byPath) {
    }

    /** Expected, received at the first try, recovered by re-collection, still missing. */
    public record Counts(long expected, long firstTry, long recovered, long missing) {
    }

    public record Values(long stored, long present, long estimated, long missing) {
    }

    /** {@code published}: all files, all retailers; {@code perRetailer} by retailer code. */
    public record Files(long published, Map<String, Long> perRetailer) {
    }

    /**
     * Delivery latency (simulated minutes) of each slot's first issue: percentiles over the run ({@code withinBudget}
     * 0–1 of {@code samples}) and, per recently finalised slot, from its end until its last file was published.
     */
    public record Delivery(double p50Minutes, double p99Minutes, double maxMinutes, double withinBudget, long samples,
                           long budgetMinutes, List<SlotDelivery> bySlot) {
    }

    public record SlotDelivery(long slotIndex, String slot, double minutes) {
    }

    /**
     * The MDMS's lag: {@code journalBacklog} readings journaled by the head-end that the MDMS has not consumed yet;
     * {@code lastFinalized} the newest slot it finalised ({@code null} none yet) and {@code finalizeMinutes} how long
     * after that slot's end it did (simulated minutes); {@code slotsFinalized} all of them.
     */
    public record Mdms(long journalBacklog, long readingsConsumed, long slotsFinalized, String lastFinalized, double finalizeMinutes) {
    }

    /** {@code refusals}: everything the front refused (handshakes and requests), {@code byReason} the non-zero ones. */
    public record Front(long refusals, Map<String, Long> byReason, int openConnections) {
    }
}
