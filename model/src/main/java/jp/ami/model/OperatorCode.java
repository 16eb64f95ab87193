package jp.ami.model;

/** Operator code (事業者コード): exactly 5 characters of {@code [0-9A-Z]}. Retailers and TSOs both have one. */
public record OperatorCode(String value) implements Comparable<OperatorCode> {
    public static final int LENGTH = 5;

    public OperatorCode {
        InvalidValueException.required("operatorCode", value);
        if (!isValid(value)) {
            throw new InvalidValueException("operatorCode", value, "must be exactly 5 characters [0-9A-Z]");
        }
    }

    public static OperatorCode of(String value) {
        return new OperatorCode(value);
    }

    /** True when {@code value} would be accepted, without throwing. */
    public static boolean isValid(String value) {
        if (value == null || value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(OperatorCode o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
