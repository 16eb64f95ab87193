package jp.ami.sim;

import jp.ami.model.CommPath;

/**
 * When each source's batch reaches the head-end after the slot boundary, per path, in simulated seconds.
 * Deterministic per (path, source, slot). Defaults: Wi-SUN multi-hop 1–8 min (hops add latency), PLC
 * 0.5–4 min, 1:N relays 2–9 min (cellular backhaul): all before the head-end's first re-collection round at
 * 10 minutes, inside the MDMS's 20-minute cut-off.
 */
public record ArrivalDelays(long seed, int[] minSeconds, int[] maxSeconds) {
    public static ArrivalDelays defaults(long seed) {
        return new ArrivalDelays(seed, new int[] {0, 60, 30, 120}, new int[] {0, 480, 240, 540});
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
