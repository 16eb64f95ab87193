package jp.ami.bench.e2e.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one timed peer run did.
 *
 * @param name         the peer's name
 * @param seconds      load + compute + export wall time
 * @param values       30-minute values exported (lines written over all retailer files)
 * @param stageSeconds wall time per stage, in order: {@code load}, {@code compute}, {@code export}
 */
public record PeerResult(String name, double seconds, long values, Map<String, Double> stageSeconds) {
    /**
     * The run of peer {@code name} that exported {@code values} values, timed by {@link System#nanoTime()} at its
     * start ({@code t0}), after the load ({@code t1}), after the compute ({@code t2}) and after the export ({@code t3}).
     */
    static PeerResult timed(String name, long values, long t0, long t1, long t2, long t3) {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("load", Procs.seconds(t0, t1));
        stages.put("compute", Procs.seconds(t1, t2));
        stages.put("export", Procs.seconds(t2, t3));
        return new PeerResult(name, Procs.seconds(t0, t3), values, stages);
    }
}
