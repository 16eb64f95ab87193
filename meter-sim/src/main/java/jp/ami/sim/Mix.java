package jp.ami.sim;

/** Deterministic 64-bit mixing (SplitMix64 finaliser) so every per-meter value derives from a seed with no state. */
final class Mix {
    private Mix() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long mix(long a, long b) {
        return mix(a * 0x9E3779B97F4A7C15L + mix(b));
    }

    static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    /** Uniform in [0, 1) from a hash: its top 53 bits as a double's fraction (a fault or exchange draw against a rate). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    static int below(long hash, int bound) {
        return (int) Long.remainderUnsigned(hash, bound);
    }
}
