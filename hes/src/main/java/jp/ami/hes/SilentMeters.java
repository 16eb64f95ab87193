package jp.ami.hes;

import java.util.List;

/**
 * The operator's worklist source: the meters expected for the newest <em>complete</em> boundary (its final scan at the
 * cut-off is done) that have not reported any of the last {@code slots} boundaries up to it. JSON contract of
 * {@code GET /stats/silent} on the head-end's internal port; fields may be added, none renamed.
 *
 * @param referenceSlot slot index closed by the newest complete boundary; -1 when no boundary is complete yet (then
 *                      {@code meters} is empty)
 * @param reference     that slot as {@code jp.ami.model.Slot} text, {@code null} when none
 * @param slots         how many boundaries up to the reference a meter must have missed, 1 or more
 * @param total         how many meters qualify (may exceed {@code meters.size()}, which is capped by the query's limit)
 * @param meters        the qualifying meters, in the directory's order
 */
public record SilentMeters(long referenceSlot, String reference, int slots, long total, List<Meter> meters) {

    /**
     * One meter that has not reported.
     *
     * @param meter        meter ID
     * @param path         {@code wisun}, {@code plc}, {@code relay}, or {@code unknown} when the head-end never learned
     *                     its route (for a new meter after an exchange, the route of the meter it replaced)
     * @param source       concentrator / relay / border router as {@code path-sourceId} (as in {@code bySource} of
     *                     {@code /stats/collection}), {@code unrouted} when unknown
     * @param lastSeenSlot slot index closed by the newest boundary reading journaled for the meter; -1 never
     * @param lastSeen     that boundary as an ISO-8601 instant, {@code null} never
     */
    public record Meter(long meter, String path, String source, long lastSeenSlot, String lastSeen) {
    }
}
