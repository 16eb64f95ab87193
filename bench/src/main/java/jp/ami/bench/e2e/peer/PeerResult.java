package jp.ami.bench.e2e.peer;

import java.util.Map;

/**
 * What one timed peer run did.
 *
 * @param name         the peer's name
 * @param seconds      load + compute + export wall time
 * @param values       30-minute values exported (lines written over all retailer files)
 * @param stageSeconds wall time per stage, in order: {@code load}, {@code compute}, {@code export}
 */
public record PeerResult(String name, double seconds, long values, Map<String, Double> stageSeconds) {}
