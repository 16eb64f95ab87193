package jp.ami.hes;

import java.util.function.LongConsumer;

/** Which meters the head-end accepts frames from. Implementations must be thread-safe and fast. */
public interface MeterDirectory {
    boolean isKnown(long meterId);

    /** Every known meter, for the re-collection scan; directories that cannot enumerate throw. */
    default void forEachMeter(LongConsumer action) {
        throw new UnsupportedOperationException("this meter directory cannot be enumerated");
    }

    /** Number of known meters (for sizing), or -1 when unknown. */
    default long size() {
        return -1;
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
    }
}
