package jp.ami.model;

/**
 * Meter ID (計器番号): the device identity on the A-route. Our own format (the utilities' is not public):
 * a positive 63-bit integer, carried on the wire as a big-endian u64, written in text as decimal digits.
 * A supply point has one meter at a time; the meter ↔ supply point mapping is master data.
 */
public record MeterId(long value) implements Comparable<MeterId> {
    public MeterId {
        if (value <= 0) {
            throw new InvalidValueException("meterId", value, "must be a positive 63-bit integer");
        }
    }

    public static MeterId of(long value) {
        return new MeterId(value);
    }

    public static MeterId parse(String text) {
        try {
            return new MeterId(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new InvalidValueException("meterId", text, "must be a positive 63-bit decimal integer");
        }
    }

    @Override
    public int compareTo(MeterId o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
