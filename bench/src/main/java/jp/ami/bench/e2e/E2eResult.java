package jp.ami.bench.e2e;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything one end-to-end run measured; {@code summary.json} is this record as JSON (histograms excluded).
 *
 * @param meters            meters (= supply points) simulated
 * @param slots             slots finalised (boundaries = slots + 1)
 * @param windowMinutes     the slowest path's arrival window after each boundary
 * @param offeredRate       readings/s the generator offered (0 = closed loop, as fast as acknowledged)
 * @param readings          readings (frames, 0xEA and PV 0xEB) the head-end journaled
 * @param values            30-minute values issued (points × slots)
 * @param readingsPerSecond readings / {@code busySeconds}: end to end, collection and finalisation together
 * @param busySeconds       wall time of all timed phases: each boundary's collection (first batch sent → MDMS
 *                          engine has every reading) plus each slot's finalisation (cut-off → all files listed)
 * @param finalizeSeconds   the slowest slot: cut-off → every retailer's files downloadable through the front
 * @param withinBudget      share of points whose file was downloadable within 60 minutes of slot end
 * @param bytesPerPoint     heap after GC with all services holding the run's state, minus the heap before they
 *                          started (population and frame index only), per supply point
 * @param bytesPerPointByComponent the same split by closing the services one by one and measuring what the heap
 *                          loses each time: loadGenerator (our client side), hes, front, mdms (master data, slot
 *                          engine, embedded QuestDB's heap part), other (left over, e.g. class metadata growth)
 * @param cpuSeconds        process CPU time in the timed phases (load generator included)
 * @param cpuShare          cpuSeconds / (busySeconds × cores)
 * @param mdmsSeconds       the like-for-like part of ours for the peers, decoded readings → values → per-retailer
 *                          files: the MDMS engine thread's CPU time taking the readings from the journal during
 *                          collection, plus the finalisation wall time
 * @param peers             per peer: seconds; ratio = peer seconds / mdmsSeconds (same work: readings in, values
 *                          and per-retailer exports out); ratioEndToEnd = peer seconds / busySeconds (ours then
 *                          also collects, verifies and journals the sealed frames); values; same as ours
 */
@JsonPropertyOrder({"meters", "readingsPerSecond", "finalizeSeconds", "withinBudget", "bytesPerPoint", "peers"})
public record E2eResult(int meters, int slots, int windowMinutes, long offeredRate, long readings, long values,
                        long readingsPerSecond, double busySeconds, double finalizeSeconds, double withinBudget,
                        double bytesPerPoint, Map<String, Double> bytesPerPointByComponent, double cpuSeconds, double cpuShare, double mdmsSeconds,
                        List<Boundary> collection, List<Finalisation> finalisation, Latency ingestAckMillis,
                        Latency deliveryMinutes, Map<String, PeerFigures> peers, double buildSeconds, double wallSeconds,
                        @JsonIgnore Histogram ingestHistogramMicros, @JsonIgnore Histogram deliveryHistogramMillis) {

    /** One boundary's collection: head-end rate (to the last ack) and end-to-end rate (until the MDMS has all). */
    public record Boundary(String boundaryJst, long readings, long batches, double hesSeconds, double seconds,
                           long hesReadingsPerSecond, long readingsPerSecond, long resends, double cpuShare) {
    }

    /** One slot's finalisation, from cut-off. */
    public record Finalisation(String slot, int points, int present, int estimated, int missing, int files,
                               double seconds, Map<String, Double> listedAfterSeconds, long listCalls,
                               double listCallMeanMillis, double listCallMaxMillis, double cpuShare,
                               long downloadBytes, double downloadSeconds, long valuesPerSecond) {
    }

    /** Percentiles of a histogram, in the unit named by the field that holds it. */
    public record Latency(double p50, double p90, double p99, double p999, double max, long count) {
        static Latency of(Histogram h, double divisor) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(round(h.getValueAtPercentile(50) / divisor), round(h.getValueAtPercentile(90) / divisor),
                    round(h.getValueAtPercentile(99) / divisor), round(h.getValueAtPercentile(99.9) / divisor),
                    round(h.getMaxValue() / divisor), h.getTotalCount());
        }
    }

    /** A figure as the summary and the report give it: rounded to three decimals. */
    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** A peer's figures against ours. */
    public record PeerFigures(double seconds, double ratio, double ratioEndToEnd, long values, boolean sameValues, Map<String, Double> stageSeconds,
                              List<String> differences) {
    }
}
