package jp.ami.hes;

import java.util.function.LongConsumer;

/** Which meters the head-end accepts frames from. Implementations must be thread-safe and fast. */
public interface MeterDirectory {
    boolean isKnown(long meterId);

    /** Every known meter, for the re-collection scan; directories that cannot enumerate throw. */
    default void forEachMeter(LongConsumer action) {
        throw new UnsupportedOperationException("this meter directory cannot be enumerated");
    }

    /**
     * The meters expected to read the boundary closing {@code closedSlot} (re-collection, collection statistics):
     * one per supply point — after a meter exchange the new meter instead of the old one. By default
     * {@link #forEachMeter}.
     */
    default void forEachExpected(long closedSlot, LongConsumer action) {
        forEachMeter(action);
    }

    /**
     * {@code base} plus meter exchanges: each exchange's new meter becomes known (in the old meter's area), and
     * {@link #forEachExpected} yields the meter installed for each boundary ({@link MeterExchange#meterAt}).
     * {@link #forEachMeter} yields the base meters and the new ones. Every old meter must be one of {@code base}'s.
     */
    static MeterDirectory withExchanges(MeterDirectory base, java.util.List<MeterExchange> exchanges) {
        if (exchanges.isEmpty()) {
            return base;
        }
        java.util.Map<Long, MeterExchange> byOld = new java.util.HashMap<>();
        java.util.Map<Long, MeterExchange> byNew = new java.util.HashMap<>();
        for (MeterExchange x : exchanges) {
            if (!base.isKnown(x.oldMeter())) {
                throw new jp.ami.model.InvalidValueException("exchanges", x.oldMeter(), "old meter is not a known meter");
            }
            if (base.isKnown(x.newMeter()) || byNew.containsKey(x.newMeter()) || byOld.containsKey(x.newMeter())) {
                throw new jp.ami.model.InvalidValueException("exchanges", x.newMeter(), "new meter is already known");
            }
            if (byOld.putIfAbsent(x.oldMeter(), x) != null || byNew.containsKey(x.oldMeter())) {
                throw new jp.ami.model.InvalidValueException("exchanges", x.oldMeter(), "meter is exchanged twice");
            }
            byNew.put(x.newMeter(), x);
        }
        // still one dense ID range when the new meters are exactly the IDs right after the base range (spare IDs)
        long baseFirst = base.denseFirst();
        boolean contiguous = baseFirst > 0 && base.size() >= 0;
        for (long id = baseFirst + Math.max(0, base.size()), end = id + byNew.size(); contiguous && id < end; id++) {
            contiguous = byNew.containsKey(id);
        }
        long dense = contiguous ? baseFirst : 0;
        return new MeterDirectory() {
            @Override
            public boolean isKnown(long meterId) {
                return base.isKnown(meterId) || byNew.containsKey(meterId);
            }

            @Override
            public void forEachMeter(LongConsumer action) {
                base.forEachMeter(action);
                byNew.keySet().forEach(action::accept);
            }

            @Override
            public void forEachExpected(long closedSlot, LongConsumer action) {
                base.forEachExpected(closedSlot, m -> {
                    MeterExchange x = byOld.get(m);
                    action.accept(x == null ? m : x.meterAt(closedSlot));
                });
            }

            @Override
            public long size() {
                long n = base.size();
                return n < 0 ? n : n + byNew.size();
            }

            @Override
            public long replaced(long meterId) {
                MeterExchange x = byNew.get(meterId);
                return x == null ? base.replaced(meterId) : x.oldMeter();
            }

            @Override
            public long denseFirst() {
                return dense;
            }

            @Override
            public int areaOf(long meterId) {
                MeterExchange x = byNew.get(meterId);
                return base.areaOf(x == null ? meterId : x.oldMeter());
            }
        };
    }

    /** The meter {@code meterId} replaced in a meter exchange (same supply point), or 0. */
    default long replaced(long meterId) {
        return 0;
    }

    /** Number of known meters (for sizing), or -1 when unknown. */
    default long size() {
        return -1;
    }

    /**
     * When the known meters are exactly the IDs {@code [denseFirst(), denseFirst() + size())}, the first of them
     * (the head-end then indexes per-meter state by offset); 0 otherwise (state indexed through a hash table).
     */
    default long denseFirst() {
        return 0;
    }

    /** Area code 1–10 of the meter's supply point, 0 when the directory does not know it. */
    default int areaOf(long meterId) {
        return 0;
    }

    /** The demo directory: meters {@code [first, first + count)}. */
    static MeterDirectory range(long first, long count) {
        return new MeterRange(first, count);
    }

    /** Meters {@code [first, first + count)}, all in one area. */
    static MeterDirectory range(long first, long count, int area) {
        MeterRange r = new MeterRange(first, count);
        return new MeterDirectory() {
            @Override
            public boolean isKnown(long meterId) {
                return r.isKnown(meterId);
            }

            @Override
            public void forEachMeter(LongConsumer action) {
                r.forEachMeter(action);
            }

            @Override
            public long size() {
                return count;
            }

            @Override
            public int areaOf(long meterId) {
                return area;
            }

            @Override
            public long denseFirst() {
                return first;
            }
        };
    }

    /** Meters {@code [first, first + count)}. */
    record MeterRange(long first, long count) implements MeterDirectory {
        public MeterRange {
            if (first < 1 || count < 0 || first + count < first) {
                throw new jp.ami.model.InvalidValueException("meters", first + "+" + count,
                        "must be a range of positive meter IDs");
            }
        }

        @Override
        public boolean isKnown(long meterId) {
            return meterId >= first && meterId - first < count;
        }

        @Override
        public void forEachMeter(LongConsumer action) {
            for (long m = first; m < first + count; m++) {
                action.accept(m);
            }
        }

        @Override
        public long size() {
            return count;
        }

        @Override
        public long denseFirst() {
            return first;
        }
    }
}
