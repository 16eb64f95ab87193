package jp.ami.hes;

/** Which meters the head-end accepts frames from. Implementations must be thread-safe and fast. */
public interface MeterDirectory {
    boolean isKnown(long meterId);

    /** The demo directory: meters {@code [first, first + count)}. */
    static MeterDirectory range(long first, long count) {
        return new MeterRange(first, count);
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
    }
}
