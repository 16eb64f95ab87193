package jp.ami.model;

/**
 * Supply point ID (供給地点特定番号): exactly 22 ASCII digits, the first two the {@link Area} code 01–10.
 * There is no check digit. Example: {@code 0310111001234567890000}.
 */
public record SupplyPointId(String value) implements Comparable<SupplyPointId> {
    public static final int LENGTH = 22;

    public SupplyPointId {
        InvalidValueException.required("supplyPointId", value);
        if (value.length() != LENGTH) {
            throw new InvalidValueException("supplyPointId", value, "must be exactly 22 ASCII digits (has " + value.length() + " characters)");
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidValueException("supplyPointId", value, "must be exactly 22 ASCII digits (character " + (i + 1) + " is not a digit)");
            }
        }
        int area = (value.charAt(0) - '0') * 10 + (value.charAt(1) - '0');
        if (area < 1 || area > 10) {
            throw new InvalidValueException("supplyPointId", value, "must start with an area code 01–10 (has " + value.substring(0, 2) + ")");
        }
    }

    public static SupplyPointId of(String value) {
        return new SupplyPointId(value);
    }

    public Area area() {
        return Area.ofCode((value.charAt(0) - '0') * 10 + (value.charAt(1) - '0'));
    }

    @Override
    public int compareTo(SupplyPointId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
