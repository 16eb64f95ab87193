package jp.ami.sim;

import jp.ami.model.CommPath;

/**
 * When each source's batch reaches the head-end after the slot boundary, per path, in simulated seconds.
 * Deterministic per (path, source, slot). Defaults: Wi-SUN multi-hop 1–12 min (hops add latency), PLC
 * 0.5–5 min, 1:N relays 2–15 min (cellular backhaul); all inside a 20-minute collection window.
 */
public record ArrivalDelays(long seed, int[] minSeconds, int[] maxSeconds) {
    public static ArrivalDelays defaults(long seed) {
        return new ArrivalDelays(seed, new int[] {0, 60, 30, 120}, new int[] {0, 720, 300, 900});
    }

    public long delaySeconds(CommPath path, int sourceId, long slotIndex) {
        int lo = minSeconds[path.code()];
        int hi = maxSeconds[path.code()];
        return lo + Mix.below(Mix.mix(seed, path.code() * 1_000_003L + sourceId, slotIndex), hi - lo + 1);
    }

    public long maxDelaySeconds() {
        int m = 0;
        for (int v : maxSeconds) {
            m = Math.max(m, v);
        }
        return m;
    }
}
