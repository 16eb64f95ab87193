package jp.ami.sim;

import jp.ami.model.InvalidValueException;

/**
 * Faults the simulator injects on the A-route, each a rate 0–1 drawn per (meter, slot boundary) — or per
 * (source, boundary) for {@code outage} — from the population seed, so a run is reproducible.
 *
 * <table>
 *   <caption>faults</caption>
 *   <tr><th>field</th><th>flag</th><th>effect on a reading</th><th>what the head-end sees</th></tr>
 *   <tr><td>loss</td><td>--loss</td><td>not delivered (radio loss)</td><td>a gap; recovered by re-collection</td></tr>
 *   <tr><td>dup</td><td>--dup</td><td>delivered, then resent in a later batch</td><td>a duplicate, dropped</td></tr>
 *   <tr><td>reorder</td><td>--reorder</td><td>held back and sent in a straggler batch after its batch</td><td>out of order, accepted</td></tr>
 *   <tr><td>late</td><td>--late</td><td>sent 16–19 min after the boundary (after the re-collection rounds)</td><td>already re-collected → duplicate reading, dropped</td></tr>
 *   <tr><td>corrupt</td><td>--corrupt</td><td>one byte of the envelope flipped</td><td>rejected (bad tag / malformed / unknown meter); re-collected</td></tr>
 *   <tr><td>tamper</td><td>--tamper</td><td>ciphertext bit flipped (register altered in flight)</td><td>rejected bad_tag; re-collected</td></tr>
 *   <tr><td>replay</td><td>--replay</td><td>an extra copy of a frame recorded a day earlier (old counter)</td><td>rejected stale_counter</td></tr>
 *   <tr><td>unknownMeter</td><td>--unknown-meter</td><td>an extra frame from a meter ID not in the directory</td><td>rejected unknown_meter</td></tr>
 *   <tr><td>wrongKey</td><td>--wrong-key</td><td>an extra frame for the meter sealed with another key (spoofing)</td><td>rejected bad_tag</td></tr>
 *   <tr><td>clockSkew</td><td>--clock-skew</td><td>the reading is stamped 1–120 s off the boundary</td><td>journaled (MDMS flags skew); the boundary is re-collected</td></tr>
 *   <tr><td>outage</td><td>--outage</td><td>the source is down from the boundary past the cut-off (per source): its whole batch for the boundary is lost
 *       and its re-collection requests for that boundary go unanswered</td><td>a gap for all its meters through the
 *       cut-off (the MDMS estimates it, then revises it when the next reading and the next day's bulk history pull
 *       bring the registers)</td></tr>
 *   <tr><td>unreachable</td><td>--unreachable</td><td>the meter answers a re-collection with Get_SNA</td><td>counted, still missing</td></tr>
 *   <tr><td>exchange</td><td>--exchange</td><td>per meter, once per run: the meter is exchanged (計器取替) 20–29 min into
 *       one of the run's slots; readings from that slot's end on come from a new meter (new ID, key, counters and
 *       register; see {@link MeterExchanges})</td><td>the new meter is known from the exchanges list; the MDMS
 *       bridges the exchange slot from the exchanges CSV (flag EXCHANGE)</td></tr>
 * </table>
 * Unlike the others, {@code exchange} changes the master data: the run's exchanges are planned before it
 * ({@link MeterPopulation#planExchanges}) and written for the head-end and the MDMS
 * ({@link MeterPopulation#writeExchanges}).
 */
public record FaultConfig(double loss, double dup, double reorder, double late, double corrupt, double tamper,
                          double replay, double unknownMeter, double wrongKey, double clockSkew, double outage,
                          double unreachable, double exchange) {
    public static final FaultConfig NONE = new FaultConfig(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Without meter exchanges. */
    public FaultConfig(double loss, double dup, double reorder, double late, double corrupt, double tamper,
                       double replay, double unknownMeter, double wrongKey, double clockSkew, double outage,
                       double unreachable) {
        this(loss, dup, reorder, late, corrupt, tamper, replay, unknownMeter, wrongKey, clockSkew, outage, unreachable, 0);
    }

    public FaultConfig {
        check("loss", loss);
        check("dup", dup);
        check("reorder", reorder);
        check("late", late);
        check("corrupt", corrupt);
        check("tamper", tamper);
        check("replay", replay);
        check("unknownMeter", unknownMeter);
        check("wrongKey", wrongKey);
        check("clockSkew", clockSkew);
        check("outage", outage);
        check("unreachable", unreachable);
        check("exchange", exchange);
    }

    /** The six faults of the demo's flags; the others zero. */
    public static FaultConfig of(double loss, double dup, double reorder, double tamper, double replay, double outage) {
        return new FaultConfig(loss, dup, reorder, 0, 0, tamper, replay, 0, 0, 0, outage, 0);
    }

    /** The same faults with a share {@code exchange} of meters exchanged during the run. */
    public FaultConfig withExchange(double exchange) {
        return new FaultConfig(loss, dup, reorder, late, corrupt, tamper, replay, unknownMeter, wrongKey, clockSkew, outage,
                unreachable, exchange);
    }

    public boolean any() {
        return !equals(NONE);
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new InvalidValueException(name, rate, "must be a rate 0–1");
        }
    }
}
