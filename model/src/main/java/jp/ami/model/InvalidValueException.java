package jp.ami.model;

/**
 * Raised when a domain value is rejected. The message always names the field and the offending value,
 * e.g. {@code supplyPointId: "031011" must be exactly 22 ASCII digits}.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private final String field;
    private final String value;

    public InvalidValueException(String field, Object value, String reason) {
        super(field + ": " + quote(value) + " " + reason);
        this.field = field;
        this.value = String.valueOf(value);
    }

    /** {@code value}, or this exception saying that {@code field} is required when it is null. */
    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, null, "is required");
        }
        return value;
    }

    private static String quote(Object value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /** The name of the rejected field, e.g. {@code supplyPointId}. */
    public String field() {
        return field;
    }

    /** The rejected value as text. */
    public String value() {
        return value;
    }
}
