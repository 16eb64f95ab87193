package jp.ami.front;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of rejections, one per {@link Rejection}. */
public final class RejectionCounters {
    private final Map<Rejection, LongAdder> counters = new EnumMap<>(Rejection.class);

    public RejectionCounters() {
        for (Rejection r : Rejection.values()) {
            counters.put(r, new LongAdder());
        }
    }

    /** Counts one rejection. */
    public void increment(Rejection reason) {
        counters.get(reason).increment();
    }

    /** Current count for one reason. */
    public long get(Rejection reason) {
        return counters.get(reason).sum();
    }

    /** A snapshot of every counter (zeros included), in enum order. */
    public Map<Rejection, Long> snapshot() {
        Map<Rejection, Long> copy = new EnumMap<>(Rejection.class);
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return Collections.unmodifiableMap(copy);
    }
}
